package org.newskeeper.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublishedDatesTest {
    @Test
    void rfiDateDivIsParisLocalTimeInSummerAndWinter() {
        assertThat(PublishedDates.div("26/07/2023 - 15:39", "www.rfi.fr").instant()).contains(Instant.parse("2023-07-26T13:39:00Z"));
        assertThat(PublishedDates.div("04/02/2024 - 01:21", "www.rfi.fr").instant()).contains(Instant.parse("2024-02-04T00:21:00Z"));
    }

    @Test
    void otherSitesFormsParse() {
        assertThat(PublishedDates.div("2020-07-20T14:58:19.428Z", "www.dw.com").instant()).contains(Instant.parse("2020-07-20T14:58:19.428Z"));
        assertThat(PublishedDates.div("2020-07-20T10:20:18", "cn.reuters.com").instant()).contains(Instant.parse("2020-07-20T10:20:18Z"));
        assertThat(PublishedDates.div("2020-07-20 19:22:17", "cn.nytimes.com").instant()).contains(Instant.parse("2020-07-20T11:22:17Z"));
        assertThat(PublishedDates.div("Mon, 20 Jul 2020 19:22:03 GMT", "www.voachinese.com").instant()).contains(Instant.parse("2020-07-20T19:22:03Z"));
    }

    @Test
    void dayWithoutTimeIsValidButGivesNoInstant() {
        PublishedDates.Parsed bbc = PublishedDates.div("2020年 7月 20日", "www.bbc.com");
        assertThat(bbc.valid()).isTrue();
        assertThat(bbc.instant()).isEmpty();
        assertThat(PublishedDates.div("2024-08-07", "www.bbc.com").valid()).isTrue();
    }

    @Test
    void impossibleDatesAndUnknownFormsAreInvalidWithAReason() {
        assertThat(PublishedDates.div("31/02/2023 - 15:39", "www.rfi.fr").problem()).contains("not a real day");
        assertThat(PublishedDates.div("2020-13-01T00:00:00Z", "www.dw.com").valid()).isFalse();
        assertThat(PublishedDates.div("Mon, 21 Jul 2020 19:22:03 GMT", "www.voachinese.com").valid()).isFalse();
        assertThat(PublishedDates.div("20.07.2020", "x").problem()).contains("no known date form");
    }

    @Test
    void cdtDateLineIsRfc2822() {
        assertThat(PublishedDates.rfc2822("Thu, 02 Jul 2020 09:55:09 +0000").instant()).contains(Instant.parse("2020-07-02T09:55:09Z"));
        assertThat(PublishedDates.rfc2822("2 July 2020").valid()).isFalse();
    }

    @Test
    void onlyShortMostlyNumericTextLooksLikeADate() {
        assertThat(PublishedDates.looksLikeDate("20/07/2020 - 17:50")).isTrue();
        assertThat(PublishedDates.looksLikeDate("Mon, 20 Jul 2020 19:22:03 GMT")).isTrue();
        assertThat(PublishedDates.looksLikeDate("KARA SWISHER")).isFalse();
        assertThat(PublishedDates.looksLikeDate("资料照片:法轮功修炼者在中南海前静坐示威。(1999年4月25日)")).isFalse();
    }
}
