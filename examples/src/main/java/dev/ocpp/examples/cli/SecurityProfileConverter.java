package dev.ocpp.examples.cli;

import dev.ocpp.security.SecurityProfile;
import picocli.CommandLine;

/** Reads {@code --security-profile} as OCPP numbers it: 1, 2 or 3. */
final class SecurityProfileConverter implements CommandLine.ITypeConverter<SecurityProfile> {

    @Override
    public SecurityProfile convert(String value) {
        try {
            return SecurityProfile.of(Integer.parseInt(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a security profile (OCPP defines 1, 2 and 3)");
        }
    }
}
