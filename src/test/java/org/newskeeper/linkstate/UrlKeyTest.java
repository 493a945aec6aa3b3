package org.newskeeper.linkstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlKeyTest {
    @Test
    void percentEscapesAreUpperCasedAndTheFragmentIsDropped() {
        assertEquals("http://example.com/a%2Fb%E4%C3?q=%3D&r=%aZ",
                UrlKey.normalize("HTTP://Example.COM:80/a%2fb%e4%c3?q=%3d&r=%aZ#Part"));
    }

    @Test
    void aUrlWithoutEscapesOrFragmentIsItsOwnTextNormalised() {
        assertEquals("https://www.example.com/news/1?x=1", UrlKey.normalize("https://WWW.example.com:443/news/1?x=1"));
        assertEquals("http://example.com/", UrlKey.normalize("http://example.com#"));
    }

    @Test
    void escapesNextToEachOtherAndAtTheEndAreAllUpperCased() {
        assertEquals("http://example.com/%E4%B8%AD%2F", UrlKey.normalize("http://example.com/%e4%b8%ad%2f"));
        assertEquals("http://example.com/x?%", UrlKey.normalize("http://example.com/x?%"));
    }

    @Test
    void aPlainUrlIsItsOwnKeyWithoutParsing() {
        String url = "https://ichef.bbci.co.uk/ace/ws/240/cpsprodpb/8860/production/_1335_what.jpg-11.webp";
        assertSame(url, UrlKey.canonical(url));
        assertEquals("http://127.0.0.1:8080/a?url=x.org/b?c&d=", UrlKey.canonical("http://127.0.0.1:8080/a?url=x.org/b?c&d="));
        assertEquals("http://example.com/", UrlKey.canonical("http://example.com"), "an empty path becomes /");
        assertEquals("https://images.weserv.nl/?url=a.org/b.jpg", UrlKey.canonical("https://images.weserv.nl?url=a.org/b.jpg"));
        assertEquals("https://a.org/files/%E5%9B%BE-1.png?t=%C3%A9", UrlKey.canonical("https://a.org/files/图-1.png?t=é"));
        assertNull(UrlKey.canonical("HTTP://example.com/"));
        assertNull(UrlKey.canonical("http://example.com:80/"));
        assertNull(UrlKey.canonical("http://example.com/a/../b"));
        assertEquals("http://example.com/a%2Fb", UrlKey.canonical("http://example.com/a%2fb"), "escapes upper-cased");
    }

    @Test
    void theHostOfACanonicalKeyIsTheHostParsingGives() {
        for (String raw : List.of("http://a.com", "https://www.rfi.fr/cn/%E5%9B%BD?x=1#f", "http://127.0.0.2:8080/a",
                "http://a.com?q=http://b.org:80/", "https://a9.example.com:8443", "http://a-b.c.d/x:y/z")) {
            String key = UrlKey.canonical(raw);
            assertNotNull(key, raw);
            assertEquals(okhttp3.HttpUrl.get(raw).host(), UrlKey.hostOfCanonical(key), raw);
        }
    }

    @Test
    void aFragmentIsDroppedFromTheKeyWithoutParsing() {
        String weibo = "https://weibo.com/cb8801111?nick=%E5%A4%A9&is_all=1#_loginLayer_1595047791591";
        assertEquals("https://weibo.com/cb8801111?nick=%E5%A4%A9&is_all=1", UrlKey.canonical(weibo));
        assertEquals(UrlKey.parse(weibo).key(), UrlKey.canonical(weibo));
        assertEquals("http://example.com/a", UrlKey.canonical("http://example.com/a#b"));
        assertEquals("http://example.com/", UrlKey.canonical("http://example.com#top"));
        assertEquals("http://example.com/?q", UrlKey.canonical("http://example.com?q#"));
        assertNull(UrlKey.canonical("http://example.com/a/..#b"), "what precedes the fragment still decides");
        assertNull(UrlKey.canonical("http://example.com/" + "a".repeat(UrlKey.MAX_LENGTH) + "#b"),
                "the length is the whole URL's");
    }

    @Test
    void aPlainUrlWithLowerCaseEscapesHasTheKeyParsingGivesWithoutParsing() {
        String share = "https://twitter.com/intent/tweet?text=%e5%9b%be&url=https%3a%2f%2fwww.rfi.fr%2fcn%2F1";
        assertEquals("https://twitter.com/intent/tweet?text=%E5%9B%BE&url=https%3A%2F%2Fwww.rfi.fr%2Fcn%2F1",
                UrlKey.canonical(share));
        assertEquals(UrlKey.parse(share).key(), UrlKey.canonical(share));
        assertEquals("http://a.com/%E4%B8%AD/%E6%96%87", UrlKey.canonical("http://a.com/\u4e2d/%e6%96%87"));
        assertNull(UrlKey.canonical("http://a.com/%2e/"), "a dot segment however its escape is written");
        assertNull(UrlKey.canonical("http://a.com/x/%2e%2E"));
        assertNull(UrlKey.canonical("http://a.com/%e"));
        assertNull(UrlKey.canonical("http://a.com/%g0"));
    }

    /** Every URL the one-pass check takes as plain has the key parsing gives it, over each ASCII character in each part. */
    @Test
    void thePlainShapeGivesTheKeyParsingGives() {
        List<String> urls = new ArrayList<>();
        List<Character> chars = new ArrayList<>();
        for (char c = 0; c < 128; c++) {
            chars.add(c);
        }
        for (char c : "\u0080\u009f\u00a0\u00e9\u3000\u4e2d\uff5c\ufeff\ud83d\ude00\u2028".toCharArray()) {
            chars.add(c);
        }
        for (char c : chars) {
            for (String shape : List.of("http://a%sb.com/", "http://a.c%so/x", "https://a.com/x%sy", "https://a.com/%s",
                    "http://a.com/x?q%sv", "http://a.com/x?%s", "http://a.com:8%s/", "http://a.com/%s/b", "http://a.com/x?q=1#%s",
                    "http://a.com/x#%s", "http://a.com%s#f", "http://a.com/%s#f%%e5", "http://a.com/%%e5%s%%9b", "https://a.com/x?t=%%e5%%9b%s%%be")) {
                urls.add(shape.formatted(c));
            }
        }
        urls.addAll(List.of("http://127.0.0.1/", "http://123/", "http://1.2.3/", "http://0x7f.1/", "http://a-b.com/",
                "http://a--b.com/", "http://ab--c.com/", "http://xn--fsq.com/", "http://-a.com/", "http://a-.com/",
                "http://a.com./", "http://a..b/", "http://.a/", "http://a.com:0/", "http://a.com:080/", "http://a.com:80/",
                "https://a.com:443/", "http://a.com:443/", "https://a.com:80/", "http://a.com:65535/", "http://a.com:65536/",
                "http://a.com:99999/", "http://a.com:123456/", "http://a.com:/", "http://a.com/./", "http://a.com/../",
                "http://a.com/a/.", "http://a.com/a/..", "http://a.com/.a/..b/...", "http://a.com/%2e/", "http://a.com/%2E%2E/",
                "http://a.com/%41", "http://a.com/%4", "http://a.com/%zz", "http://a.com/x?%41", "http://a.com/x?%a1",
                "http://a.com/%2e%2e/", "http://a.com/a/%2e", "http://a.com/x?%2e", "http://a.com/%e4%B8%aD", "http://a.com/%4a",
                "http://a.com/%7e", "http://a.com/%25e5", "http://a.com/x?q=%2b+%20", "http://a.com/%e5?q=%e5#%e5",
                "http://a.com/%c3%a9/../x", "http://a.com/%e", "http://a.com/x%", "http://a.com/x%a", "http://a.com/%fF",
                "http://a.com/x?a=b=c&&d&=e&f=", "http://a.com/x??", "http://a.com/x?", "http://a.com/?./..", "http://a.com//",
                "http://a.com/x//y/", "http://user@a.com/", "http://a.com", "http://a.com?", "http://a.com?a=\u4e2d",
                "http://a.com?/..", "http://a.com/\ud83d\ude00", "http://a.com/x\ud83d", "http://a.com/\u4e2d%e4", "http://a.com/\u3000",
                "http://a.com:8080?q", "http://a.com/\u00e9/../x", "http://a.com/\u00e9", "http://a.com/x?\u00e9",
                "http://" + "a".repeat(63) + ".com/", "http://" + "a".repeat(64) + ".com/",
                "http://" + ("a".repeat(60) + ".").repeat(5) + "com/"));
        int plain = 0;
        for (String u : urls) {
            String fast = UrlKey.canonical(u);
            if (fast != null) {
                plain++;
                UrlKey.Parsed parsed = UrlKey.parse(u);
                assertEquals(UrlKey.Kind.HTTP, parsed.kind(), u);
                assertEquals(parsed.key(), fast, u);
                if (!u.matches(".*%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-Fa-f]).*")) {
                    // the fragment is never sent
                    assertEquals(parsed.url().orElseThrow().newBuilder().fragment(null).build(), okhttp3.HttpUrl.get(fast),
                            "the URL requested for " + u);
                } else {
                    // lower-case escapes: the URL is requested as written (parsed from u), the key upper-cases them
                    assertEquals(fast, UrlKey.key(okhttp3.HttpUrl.get(fast)), u);
                    assertEquals(fast, UrlKey.key(okhttp3.HttpUrl.get(u)), u);
                }
            }
        }
        assertTrue(plain > 300, plain + " plain URLs");
    }
}
