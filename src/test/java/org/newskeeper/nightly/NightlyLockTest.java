package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyLockTest {
    @TempDir
    Path checks;

    @Test
    void aSecondRunOnTheSameChecksFolderIsRefusedWithAClearMessage() throws IOException {
        try (NightlyLock first = NightlyLock.acquire(checks)) {
            assertThatThrownBy(() -> NightlyLock.acquire(checks))
                    .isInstanceOf(NightlyLock.LockedException.class)
                    .hasMessageContaining("another nightly run is using " + checks)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (NightlyLock again = NightlyLock.acquire(checks)) {
            assertThat(checks.resolve(NightlyLock.FILE)).exists();
        }
    }
}
