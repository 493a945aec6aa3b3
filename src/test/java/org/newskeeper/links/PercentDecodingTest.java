package org.newskeeper.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentDecodingTest {
    @Test
    void decodesPercentEscapesAsUtf8Text() {
        assertThat(PercentDecoding.decode("/cn/%E5%9B%BD%E9%99%85/20230726-%E4%BF%84").text()).contains("/cn/国际/20230726-俄");
    }

    @Test
    void lowerCaseEscapesDecodeToo() {
        assertThat(PercentDecoding.decode("%e3%80%90cdt%e3%80%91").text()).contains("【cdt】");
    }

    @Test
    void plusStaysAPlusInPaths() {
        assertThat(PercentDecoding.decode("/a+b%20c").text()).contains("/a+b c");
    }

    @Test
    void malformedEscapeIsAProblemNamingTheSequence() {
        PercentDecoding.Result r = PercentDecoding.decode("/zh/93%%E4%B8%AD");
        assertThat(r.ok()).isFalse();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains("'%%E'"));
        assertThat(PercentDecoding.decode("/a%2").problem()).isPresent();
        assertThat(PercentDecoding.decode("/80%市场").problem()).hasValueSatisfying(p -> assertThat(p).contains("%市场"));
    }

    @Test
    void escapesThatAreNotUtf8AreAProblem() {
        assertThat(PercentDecoding.decode("/a%FF%FEb").problem()).hasValueSatisfying(p -> assertThat(p).contains("not UTF-8"));
        assertThat(PercentDecoding.decode("/cut%E5%9B").problem()).isPresent();
    }

    @Test
    void decodedUrlShowsPathAndQueryOrTheUrlWhenItDoesNotDecode() {
        assertThat(Urls.decoded("https://www.dw.com/zh/%E9%BB%84/a-1?x=%E4%B8%AD")).isEqualTo("/zh/黄/a-1?x=中");
        assertThat(Urls.decoded("https://www.dw.com/zh/93%%E4")).isEqualTo("https://www.dw.com/zh/93%%E4");
    }
}
