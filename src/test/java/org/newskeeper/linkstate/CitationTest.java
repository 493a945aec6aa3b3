package org.newskeeper.linkstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newskeeper.links.Role;

class CitationTest {
    @Test
    void aPlainCitationHasNoShareDetailsAndAnUnknownLineIsZero() {
        Citation c = Citation.of("rfi/1.md", Role.SOURCE);
        assertThat(c.line()).isZero();
        assertThat(c.isShare()).isFalse();
        assertThat(c).isEqualTo(new Citation("rfi/1.md", Role.SOURCE, 0, Optional.empty(), Optional.empty()));
    }

    @Test
    void aShareCitationNamesItsEndpointAndWhereItShouldLead() {
        Citation c = new Citation("rfi/1.md", Role.SHARE, 7, Optional.of("https://twitter.com/share?url=x"),
                Optional.of("https://www.rfi.fr/a"));
        assertThat(c.isShare()).isTrue();
        assertThat(c.expected()).contains("https://www.rfi.fr/a");
    }

    @Test
    void aNegativeLineIsRefusedWithThePath() {
        assertThatThrownBy(() -> Citation.of("rfi/1.md", Role.LINK, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rfi/1.md").hasMessageContaining("-1");
    }

    @Test
    void aCitationWithoutAnArticlePathIsRefused() {
        assertThatThrownBy(() -> Citation.of("", Role.LINK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Citation.of(null, Role.LINK)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anExpectedTargetWithoutTheShareLinkIsRefused() {
        assertThatThrownBy(() -> new Citation("rfi/1.md", Role.SHARE, 3, Optional.empty(), Optional.of("https://x/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rfi/1.md");
    }
}
