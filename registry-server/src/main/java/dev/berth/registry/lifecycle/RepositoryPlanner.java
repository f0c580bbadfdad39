package dev.berth.registry.lifecycle;

import dev.berth.registry.content.ManifestStore;
import dev.berth.registry.content.PushRecord;
import dev.berth.registry.content.Registry;
import dev.berth.registry.content.StoredManifest;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Manifest;
import dev.berth.registry.model.ManifestParser;
import dev.berth.registry.model.RepositoryName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans one repository: reads its revisions, tags and push times, lets the
 * {@link PolicyEvaluator} decide, then holds back what something kept still needs.
 *
 * <p>The images rules look at are the tagged revisions and the untagged ones that stand alone. An
 * untagged manifest that an index of the repository lists, or that refers (OCI 1.1
 * {@code subject}) to a manifest of the repository, is part of that image, not one of its own: it
 * goes when all that needs it goes, and a rule counting untagged images does not count it (nor
 * expire a kept image's signatures).
 *
 * <p>Held back, whatever the rules say: a manifest listed by a kept index (a platform image of a
 * multi-platform tag that is kept), and the subject of a kept referrer. Holding one back keeps, in
 * turn, what it needs.
 */
final class RepositoryPlanner {
    private final Registry registry;

    RepositoryPlanner(Registry registry) {
        this.registry = registry;
    }

    RepositoryPlan plan(RepositoryName repository, LifecyclePolicy policy, Instant now) {
        Graph graph = read(repository);
        List<Image> images = new ArrayList<>();
        for (Map.Entry<Digest, Instant> revision : graph.pushedAt.entrySet()) {
            Digest digest = revision.getKey();
            List<String> tags = graph.tags.getOrDefault(digest, List.of());
            if (!tags.isEmpty() || !graph.isDependent(digest)) {
                images.add(new Image(digest, tags, revision.getValue()));
            }
        }
        Map<Digest, Decision> expiring = new LinkedHashMap<>();
        List<RepositoryPlan.Hold> held = new ArrayList<>();
        for (Decision decision : PolicyEvaluator.evaluate(images, policy, now)) {
            if (decision.expire()) {
                expiring.put(decision.digest(), decision);
            } else {
                held.add(hold(graph, decision.digest(), decision.rule(), decision.reason()));
            }
        }
        Map<Digest, String> needed = graph.needed(images.stream()
                .map(Image::digest)
                .filter(d -> !expiring.containsKey(d))
                .toList());
        List<RepositoryPlan.Expiry> expire = new ArrayList<>();
        for (Decision decision : expiring.values()) {
            Digest digest = decision.digest();
            String why = needed.get(digest);
            if (why != null) {
                held.add(hold(graph, digest, decision.rule(), decision.reason() + "; held: " + why));
                continue;
            }
            List<Digest> along = graph.dependents(digest).stream()
                    .filter(d -> !needed.containsKey(d) && !graph.tags.containsKey(d))
                    .toList();
            expire.add(new RepositoryPlan.Expiry(
                    digest,
                    graph.tags.getOrDefault(digest, List.of()),
                    graph.pushedAt.get(digest),
                    decision.rule().priority(),
                    decision.reason(),
                    along));
        }
        expire.sort(Comparator.comparing(RepositoryPlan.Expiry::pushedAt)
                .thenComparing(e -> e.digest().toString()));
        return new RepositoryPlan(repository, expire, held);
    }

    private static RepositoryPlan.Hold hold(Graph graph, Digest digest, LifecycleRule rule, String reason) {
        return new RepositoryPlan.Hold(digest, graph.tags.getOrDefault(digest, List.of()), rule.priority(), reason);
    }

    private Graph read(RepositoryName repository) {
        Graph graph = new Graph();
        registry.tags().forEach(repository, (tag, digest) -> graph.tags
                .computeIfAbsent(digest, d -> new ArrayList<>())
                .add(tag.value()));
        ManifestStore manifests = registry.manifests();
        List<ManifestStore.Revision> revisions = new ArrayList<>();
        manifests.forEachRevision(repository, revisions::add);
        for (ManifestStore.Revision revision : revisions) {
            Digest digest = revision.digest();
            graph.pushedAt.put(
                    digest,
                    registry.images()
                            .pushed(repository, digest)
                            .map(PushRecord::pushedAt)
                            .orElse(revision.written()));
            manifests
                    .readRevision(repository, digest)
                    .flatMap(RepositoryPlanner::parse)
                    .ifPresent(m -> {
                        graph.children.put(digest, m.children());
                        if (m.subject() != null) {
                            graph.subject.put(digest, m.subject());
                            graph.referrers
                                    .computeIfAbsent(m.subject(), s -> new ArrayList<>())
                                    .add(digest);
                        }
                    });
        }
        graph.tags.keySet().retainAll(graph.pushedAt.keySet());
        graph.children.values().forEach(list -> list.forEach(child -> graph.listed.add(child)));
        return graph;
    }

    /** The manifest; empty when its bytes cannot be parsed (then it is a leaf: it needs nothing). */
    private static Optional<Manifest> parse(StoredManifest stored) {
        try {
            return Optional.of(ManifestParser.parse(
                    stored.content(), stored.mediaType(), stored.digest().algorithm()));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    /** The revisions of a repository and what links them. */
    private static final class Graph {
        final Map<Digest, Instant> pushedAt = new LinkedHashMap<>();
        final Map<Digest, List<String>> tags = new HashMap<>();
        final Map<Digest, List<Digest>> children = new HashMap<>();
        final Map<Digest, Digest> subject = new HashMap<>();
        final Map<Digest, List<Digest>> referrers = new HashMap<>();
        final Set<Digest> listed = new java.util.HashSet<>();

        /** Listed by an index of the repository, or a referrer of one of its manifests. */
        boolean isDependent(Digest digest) {
            return listed.contains(digest) || pushedAt.containsKey(subject.get(digest));
        }

        /** Untagged manifests that go with {@code digest}: what it lists, its referrers, theirs, parents first. */
        List<Digest> dependents(Digest digest) {
            Set<Digest> out = new LinkedHashSet<>();
            Deque<Digest> work = new ArrayDeque<>(edgesDown(digest));
            while (!work.isEmpty()) {
                Digest next = work.poll();
                if (pushedAt.containsKey(next) && !next.equals(digest) && out.add(next)) {
                    work.addAll(edgesDown(next));
                }
            }
            return List.copyOf(out);
        }

        private List<Digest> edgesDown(Digest digest) {
            List<Digest> out = new ArrayList<>(children.getOrDefault(digest, List.of()));
            out.addAll(referrers.getOrDefault(digest, List.of()));
            return out;
        }

        /**
         * Everything the {@code kept} images need, each with why: what a kept index lists, the subject
         * of a kept referrer, the referrers of what is kept; and so on from each.
         */
        Map<Digest, String> needed(List<Digest> kept) {
            Map<Digest, String> why = new HashMap<>();
            Deque<Digest> work = new ArrayDeque<>();
            for (Digest digest : kept) {
                why.put(digest, "kept");
                work.add(digest);
            }
            while (!work.isEmpty()) {
                Digest from = work.poll();
                for (Digest child : children.getOrDefault(from, List.of())) {
                    need(why, work, child, "listed by index " + from + ", which is kept");
                }
                Digest of = subject.get(from);
                if (of != null) {
                    need(why, work, of, "the subject of referrer " + from + ", which is kept");
                }
                for (Digest referrer : referrers.getOrDefault(from, List.of())) {
                    if (!tags.containsKey(referrer)) {
                        need(why, work, referrer, "refers to " + from + ", which is kept");
                    }
                }
            }
            return why;
        }

        private void need(Map<Digest, String> why, Deque<Digest> work, Digest digest, String reason) {
            if (pushedAt.containsKey(digest) && why.putIfAbsent(digest, reason) == null) {
                work.add(digest);
            }
        }
    }
}
