package org.newskeeper.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShareLinksTest {
    private static final String ARTICLE = "https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20230726-%E4%BF%84%E7%BD%97%E6%96%AF";

    @Test
    void facebookDialogUnwrapsToItsHrefThoughRedirectUriIsDoubleEncoded() {
        String url = "https://www.facebook.com/dialog/share?app_id=1&href=https%3A%2F%2Frfi.my%2F9mc2.F"
                + "&redirect_uri=https%3A%2F%2Fwww.rfi.fr%2Fcn%2F%25E5%259B%25BD%25E9%2599%2585%2F20230726-%25E4%25BF%2584&locale=zh_CN";
        assertThat(ShareLinks.isShare(url)).isTrue();
        assertThat(ShareLinks.target(url)).contains("https://rfi.my/9mc2.F");
        Link link = Links.make(url, Role.SHARE, 5).link();
        assertThat(link.decoded()).contains("redirect_uri=https://www.rfi.fr/cn/国际/20230726-俄");
    }

    @Test
    void facebookDialogWithoutHrefFallsBackToTheDoubleEncodedRedirectUri() {
        String url = "https://www.facebook.com/dialog/share?app_id=1&redirect_uri=https%3A%2F%2Fwww.rfi.fr%2Fcn%2F%25E5%259B%25BD%25E9%2599%2585%2F20230726-%25E4%25BF%2584%25E7%25BD%2597%25E6%2596%25AF";
        assertThat(ShareLinks.target(url)).contains(ARTICLE);
    }

    @Test
    void urlEncodedTwiceIsUnwrappedTwice() {
        assertThat(ShareLinks.unwrap("https%253A%252F%252Frfi.my%252Fx")).isEqualTo("https://rfi.my/x");
    }

    @Test
    void whatsappSchemeAndWebWhatsappTakeTheUrlFromTheText() {
        String text = "text=%E4%BF%84%E7%BD%97%E2%80%9D%20-%20https%3A%2F%2Frfi.my%2F9mc2.W";
        assertThat(ShareLinks.target("whatsapp://send?" + text)).contains("https://rfi.my/9mc2.W");
        assertThat(ShareLinks.target("https://web.whatsapp.com/send?" + text)).contains("https://rfi.my/9mc2.W");
        assertThat(ShareLinks.isShare("whatsapp://send?" + text)).isTrue();
    }

    @Test
    void twitterAndXIntentsShareTheirUrlParameter() {
        assertThat(ShareLinks.target("https://twitter.com/intent/tweet?url=https%3A%2F%2Frfi.my%2F9mc2.T&via=RFI_Cn"))
                .contains("https://rfi.my/9mc2.T");
        assertThat(ShareLinks.target("https://x.com/intent/tweet?url=https%3A%2F%2Frfi.my%2FAJZH.X")).contains("https://rfi.my/AJZH.X");
    }

    @Test
    void unencodedUrlParameterIsTakenAsWritten() {
        String url = "http://del.icio.us/post?url=https://chinadigitaltimes.net/chinese/2020/06/%e5%be%b7/&title=德国之声 | 长平";
        assertThat(ShareLinks.target(url)).contains("https://chinadigitaltimes.net/chinese/2020/06/%e5%be%b7/");
    }

    @Test
    void otherEndpointsAreRecognised() {
        assertThat(ShareLinks.target("https://t.me/share/url?url=https%3A%2F%2Fa.example%2Fp")).contains("https://a.example/p");
        assertThat(ShareLinks.target("https://social-plugins.line.me/lineit/share?url=https%3A%2F%2Fa.example%2Fp")).contains("https://a.example/p");
        assertThat(ShareLinks.target("https://www.addtoany.com/add_to/telegram?linkurl=https%3A%2F%2Fchinadigitaltimes.net%2Fchinese%2F715849.html&linkname=x"))
                .contains("https://chinadigitaltimes.net/chinese/715849.html");
        assertThat(ShareLinks.target("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fa.example%2Fp")).contains("https://a.example/p");
    }

    @Test
    void ordinaryLinksAreNotShares() {
        assertThat(ShareLinks.isShare("https://www.facebook.com/RFAChinese/")).isFalse();
        assertThat(ShareLinks.isShare("https://twitter.com/darkmamu6/status/1285045160586498054")).isFalse();
        assertThat(ShareLinks.target("https://www.rfi.fr/cn/")).isEqualTo(Optional.empty());
    }

    @Test
    void imageProxiesNameTheOriginalImage() {
        assertThat(ImageProxies.original("https://images.weserv.nl/?url=ichef.bbci.co.uk/news/640/a.jpg"))
                .contains("http://ichef.bbci.co.uk/news/640/a.jpg");
        assertThat(ImageProxies.original("https://thumbor.ftacademy.cn/unsafe/1340x754/https://thumbor.ftacademy.cn/unsafe/picture/9/a.jpg"))
                .contains("https://thumbor.ftacademy.cn/unsafe/picture/9/a.jpg");
        assertThat(ImageProxies.original("https://s.rfi.fr/media/display/a.jpg")).isEmpty();
    }
}
