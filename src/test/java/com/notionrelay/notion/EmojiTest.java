package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmojiTest {

    @Test
    void acceptsOneEmojiWhateverItsMakeUp() {
        for (String e : new String[] {"👋", "💡", "👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "#⃣", "❤️", "✅", "©️", "🏳️‍🌈"}) {
            assertTrue(Emoji.isEmoji(e), e);
        }
    }

    @Test
    void refusesTextSeveralEmojiAndLoneModifiers() {
        for (String e : new String[] {"x", ":)", "👋👋", "👋 ", "1", "🇫", "🏽", "\u200D", "hi👋"}) {
            assertFalse(Emoji.isEmoji(e), e);
        }
    }
}
