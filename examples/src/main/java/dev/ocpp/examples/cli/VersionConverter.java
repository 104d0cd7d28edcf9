package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.support.Versions;
import picocli.CommandLine;

/** Reads a protocol option as its subprotocol token ({@code ocpp1.6}, {@code ocpp2.0.1}). */
final class VersionConverter implements CommandLine.ITypeConverter<OcppVersion> {

    @Override
    public OcppVersion convert(String value) {
        try {
            return Versions.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
