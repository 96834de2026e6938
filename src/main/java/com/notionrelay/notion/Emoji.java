package com.notionrelay.notion;

/**
 * Whether text is one emoji, as a Notion icon must be. Java 17 has no emoji property, so this
 * reads the code points: one pictographic symbol (Unicode "other symbol"), optionally with a skin
 * tone, variation selector, tag sequence or zero-width-joined further symbols; a flag (two
 * regional indicators); or a keycap (digit, # or * with U+20E3).
 */
public final class Emoji {

    private static final int ZWJ = 0x200D;
    private static final int KEYCAP = 0x20E3;

    private Emoji() {
    }

    public static boolean isEmoji(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        int[] cps = s.codePoints().toArray();
        int units = 0;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            boolean joined = i > 0 && cps[i - 1] == ZWJ;
            if (isRegionalIndicator(cp)) {
                if (i + 1 >= cps.length || !isRegionalIndicator(cps[i + 1])) {
                    return false;
                }
                i++;
                units++;
            } else if (isKeycapBase(cp)) {
                int next = i + 1 < cps.length && cps[i + 1] == 0xFE0F ? i + 2 : i + 1;
                if (next >= cps.length || cps[next] != KEYCAP) {
                    return false;
                }
                i = next;
                units++;
            } else if (isPictographic(cp)) {
                units += joined ? 0 : 1;
            } else if (!isModifier(cp)) {
                return false;
            }
        }
        return units == 1;
    }

    private static boolean isPictographic(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL
                || cp == 0x203C || cp == 0x2049 || cp == 0x3030 || cp == 0x303D; // ‼ ⁉ 〰 〽 are emoji too
    }

    /** What may follow a symbol inside one emoji: joiner, variation selectors, skin tones, tags. */
    private static boolean isModifier(int cp) {
        return cp == ZWJ || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }
}
