/**
 * Lifecycle rules: Amazon ECR lifecycle policies, applied to the repositories their patterns
 * match, that expire old images. Start reading at {@link dev.berth.registry.lifecycle.Lifecycle}.
 *
 * <p>{@link dev.berth.registry.lifecycle.LifecyclePolicy} parses and checks a policy's JSON;
 * {@link dev.berth.registry.lifecycle.PolicyEvaluator} decides, as a pure function of the images
 * (digest, tags, push time), the rules and the time, which images each rule expires, with ECR's
 * semantics; {@code RepositoryPlanner} reads one repository, hands the evaluator its images and
 * holds back what a kept index or referrer still needs, giving a
 * {@link dev.berth.registry.lifecycle.RepositoryPlan}; {@code Lifecycle} previews or applies plans.
 * Applying removes tags and revisions under the garbage collector's tombstones
 * ({@link dev.berth.registry.content.DeletionGuard}); the next sweep reclaims the bytes.
 */
package dev.berth.registry.lifecycle;
