package com.notionrelay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageIndexTest {

    @Test
    void everyIdReadsBackExactlyAsAddedAndFindsItsIndexAfterTheTableGrows() {
        PageIndex index = new PageIndex();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        // not canonical: upper case, undashed, not a UUID at all: kept as given
        ids.add("ABCDEF01-2345-6789-ABCD-EF0123456789");
        ids.add("abcdef0123456789abcdef0123456789");
        ids.add("page-1");
        ids.add("00000000-0000-0000-0000-000000000000");
        ids.add("ffffffff-ffff-ffff-ffff-ffffffffffff");
        for (String id : ids) {
            index.add(id);
        }

        assertEquals(ids.size(), index.size());
        assertEquals(ids, index.all());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(Optional.of(i), index.indexOf(ids.get(i)), ids.get(i));
            assertEquals(i, index.add(ids.get(i)), "adding again finds the same index");
        }
        assertTrue(index.indexOf(UUID.randomUUID().toString()).isEmpty());
    }

    @Test
    void idsGivenAsUtf8BytesAreTheSameIdsAsTheirStrings() {
        PageIndex index = new PageIndex();
        List<String> ids = List.of(UUID.randomUUID().toString(), "ABCDEF01-2345-6789-ABCD-EF0123456789",
                "abcdef0123456789abcdef0123456789", "page-é", "0000000g-0000-0000-0000-000000000000",
                "00000000-0000-0000-0000-000000000000");
        for (String id : ids) {
            index.add(id.getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(ids, index.all());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i, index.add(ids.get(i)), "the String finds the index its bytes got: " + ids.get(i));
            assertEquals(i, index.add(ids.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(ids.size(), index.size());
    }

    @Test
    void comparesAsTheIdStringsCompare() {
        PageIndex index = new PageIndex();
        List<String> ids = List.of("ffffffff-0000-0000-0000-000000000000", "0fffffff-ffff-ffff-ffff-ffffffffffff",
                "80000000-0000-0000-0000-000000000001", "80000000-0000-0000-8000-000000000000", "page-1");
        ids.forEach(index::add);
        for (int a = 0; a < ids.size(); a++) {
            for (int b = 0; b < ids.size(); b++) {
                assertEquals(Integer.signum(ids.get(a).compareTo(ids.get(b))), Integer.signum(index.compare(a, b)),
                        ids.get(a) + " vs " + ids.get(b));
            }
        }
    }
}
