package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "library/ubuntu", "a.b/c_d/e__f/g-h/i---j", "0/1/2"})
    void acceptsSpecNames(String name) {
        assertThat(new RepositoryName(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", "A", "a/../b", "..", "/abs", "a//b", "a/", "_links", "a/_tags", "a..b", "a/.b", "a b", "a%2f", "-a",
                "a-"
            })
    void refusesOtherNames(String name) {
        assertThatThrownBy(() -> new RepositoryName(name))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code())
                .isEqualTo(ErrorCode.NAME_INVALID);
    }

    @org.junit.jupiter.api.Test
    void refusesOverLongNames() {
        String component = "a".repeat(256);
        assertThatThrownBy(() -> new RepositoryName(component)).isInstanceOf(RegistryException.class);
        assertThat(RepositoryName.isValid("a".repeat(255))).isTrue();
    }
}
