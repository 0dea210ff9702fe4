package io.reprise.common;

/** A value could not be converted to or from a {@link Payload}; the message names the value and the fix. */
public class DataConverterException extends IllegalArgumentException {

    public DataConverterException(String message, Throwable cause) {
        super(message, cause);
    }
}
