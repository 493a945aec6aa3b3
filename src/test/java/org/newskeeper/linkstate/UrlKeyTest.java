package org.newskeeper.linkstate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
