/**
 * Webhook notifications: registry events sent to configured endpoints in CNCF distribution's
 * notification envelope ({@code application/vnd.docker.distribution.events.v1+json}), so that
 * receivers written for distribution work unchanged. Start reading at
 * {@link dev.berth.registry.notify.Notifier}, what the API calls after a request succeeded, and
 * {@link dev.berth.registry.notify.WebhookNotifier}, which gives each endpoint its own bounded
 * queue and sender thread ({@code EndpointQueue}): a request only ever offers an event, never
 * waits for delivery, and a full queue drops the event (counted, logged once per burst).
 * {@code Envelope} writes the JSON; {@code HttpDelivery} posts it; failed posts are retried with
 * exponential {@code Backoff}, keeping each endpoint's events in order.
 */
package dev.berth.registry.notify;
