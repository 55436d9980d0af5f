package com.sage200events.sandbox.internal.odata;

/** A query option that cannot be parsed or does not fit the resource. The message is for the client. */
public final class ODataException extends RuntimeException {

    public ODataException(String message) {
        super(message);
    }
}
