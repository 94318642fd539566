package io.papertrends.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowListTest {
    @Test
    void shouldParseTheDefaultsAndNameWindowsBySize() {
        assertThat(WindowList.from(Settings.of(Map.of()))).containsExactly(
                new WindowList.Window("10m", Duration.ofMinutes(10), Duration.ofMinutes(1)),
                new WindowList.Window("1h", Duration.ofHours(1), Duration.ofMinutes(5)),
                new WindowList.Window("24h", Duration.ofHours(24), Duration.ofHours(1)),
                new WindowList.Window("7d", Duration.ofDays(7), Duration.ofDays(1)));
        assertThat(WindowList.parse(" 30m:5m , 2h:30m ")).extracting(WindowList.Window::name).containsExactly("30m", "2h");
    }

    @Test
    void shouldRejectBadListsNamingTheKey() {
        assertThatThrownBy(() -> WindowList.parse("1h")).hasMessageContaining(WindowList.CONFIG).hasMessageContaining("size:advance");
        assertThatThrownBy(() -> WindowList.parse("1h:soon")).hasMessageContaining(WindowList.CONFIG).hasMessageContaining("1h:soon");
        assertThatThrownBy(() -> WindowList.parse(" , ")).hasMessageContaining("no windows");
        assertThatThrownBy(() -> WindowList.parse("1h:5m,1h:10m")).hasMessageContaining("distinct");
    }
}
