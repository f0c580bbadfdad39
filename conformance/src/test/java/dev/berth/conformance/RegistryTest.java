package dev.berth.conformance;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of every test class: the registry under test and a repository name of the test's own. */
@ExtendWith(RegistryTarget.class)
public abstract class RegistryTest {

    protected RegistryClient registry;
    /** A fresh repository for this test method; nothing exists in it until the test pushes. */
    protected String repo;

    @BeforeEach
    void bindRegistry(RegistryClient client, TestInfo test) {
        this.registry = client;
        this.repo = Repos.unique(test);
    }
}
