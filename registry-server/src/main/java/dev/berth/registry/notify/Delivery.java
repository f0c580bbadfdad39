package dev.berth.registry.notify;

import java.io.IOException;

/** Sends one envelope to one endpoint; returns only once the endpoint accepted it. */
interface Delivery {
    /**
     * @throws IOException when the endpoint could not be reached, did not answer in time or
     *     answered with a status of 400 or more: the envelope is to be sent again
     */
    void send(byte[] envelope) throws IOException, InterruptedException;
}
