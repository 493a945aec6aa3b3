package org.newskeeper.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlsTest {
    private static final Optional<String> BASE = Optional.of("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20230726-x");

    @Test
    void relativeReferencesResolveAgainstTheSource() {
        assertThat(Urls.resolve(BASE, "/media/a.jpg")).isEqualTo("https://www.rfi.fr/media/a.jpg");
        assertThat(Urls.resolve(BASE, "//s.rfi.fr/a.jpg")).isEqualTo("https://s.rfi.fr/a.jpg");
        assertThat(Urls.resolve(BASE, "b.jpg")).isEqualTo("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/b.jpg");
        assertThat(Urls.resolve(BASE, "whatsapp://send?text=x")).isEqualTo("whatsapp://send?text=x");
        assertThat(Urls.resolve(Optional.empty(), "/a")).isEqualTo("/a");
    }

    @Test
    void attributeValuesAreCleanedAsBrowsersDo() {
        assertThat(Urls.clean("  https://a.example/x\n/y\t ")).isEqualTo("https://a.example/x/y");
    }

    @Test
    void splitKeepsEmptyAndMissingPartsApart() {
        Urls.Parts p = Urls.split("HTTPS://User@WWW.Example.com:8080/p/a?q=1#f");
        assertThat(p.scheme()).isEqualTo("https");
        assertThat(p.host()).isEqualTo("www.example.com");
        assertThat(p.port()).isEqualTo("8080");
        assertThat(p.path()).isEqualTo("/p/a");
        assertThat(p.query()).isEqualTo("q=1");
        assertThat(p.fragment()).isEqualTo("f");
        assertThat(Urls.split("https://a.example/p?").hasQuery()).isTrue();
        assertThat(Urls.split("https://a.example/p").hasQuery()).isFalse();
    }

    @Test
    void unusableUrlsSayWhy() {
        assertThat(Urls.problem("http:///x")).contains("has no host");
        assertThat(Urls.problem("/relative")).hasValueSatisfying(p -> assertThat(p).contains("not an absolute URL"));
        assertThat(Urls.problem("https://a.example:99999/")).hasValueSatisfying(p -> assertThat(p).contains("invalid port"));
        assertThat(Urls.problem("https://a b.example/")).hasValueSatisfying(p -> assertThat(p).contains("invalid character ' '"));
        assertThat(Urls.problem("https://chinadigitaltimes.net/chinese/2020/02/【cdtv】纪念/")).isEmpty();
        assertThat(Urls.problem("http://del.icio.us/post?url=x&title=德国之声 | 长平")).isEmpty();
        assertThat(Urls.problem("whatsapp://send?text=x")).isEmpty();
    }

    @Test
    void aDoubledSchemeIsATypoNamingWhatWasMeantNotAHostCalledHttps() {
        assertThat(Urls.problem("http://https://chinadigitaltimes.net/chinese/2020/02/x/")).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("has a doubled scheme 'http://https://' (a scraping typo; meant"
                        + " 'https://chinadigitaltimes.net/chinese/2020/02/x/')"));
        assertThat(Urls.problem("https://http://www.rfi.fr/cn/")).hasValueSatisfying(p -> assertThat(p)
                .contains("doubled scheme 'https://http://'").contains("meant 'http://www.rfi.fr/cn/'"));
        assertThat(Urls.problem("http://http.example.org/x")).isEmpty();
        assertThat(Urls.problem("https://example.org/?next=http://https.example/")).isEmpty();
    }

    @Test
    void anEntityLeftByDoubleEscapingIsATypoNamingWhatWasMeant() {
        assertThat(Urls.problem("https://www.dw.com/search?q=x&amp;lang=zh")).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("has the HTML entity '&amp;' left in it by double escaping (meant 'https://www.dw.com/search?q=x&lang=zh')"));
        assertThat(Urls.typo("https://a.example/?a=1&#38;b=2")).hasValueSatisfying(p -> assertThat(p).contains("'&#38;'"));
        assertThat(Urls.typo("https://a.example/?a=1&b=2&ampersand=3")).isEmpty();
    }
}
