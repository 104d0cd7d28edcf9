package dev.ocpp.v201.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.RegistrationRegistry;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSMS restarted with boot gating on a persistent registry still knows whom it accepted: the stations that only
 * reconnect (and so send no BootNotification, Part 4 §5.3) are not refused with SecurityError.
 */
class BootGatingRestartTest {

    @TempDir
    Path dir;

    @Test
    void statusesRecordedBeforeARestartGateTheSameAfterIt() {
        Path file = dir.resolve("registrations.properties");
        try (RegistrationRegistry before = RegistrationRegistry.persistent(RegistrationRegistry.file(file),
                Runnable::run)) {
            Ocpp201BootGating gating = Ocpp201BootGating.create(before);
            gating.record("CS-1", RegistrationStatusEnum.ACCEPTED);
            gating.record("CS-2", RegistrationStatusEnum.PENDING);
            gating.record("CS-3", RegistrationStatusEnum.REJECTED);
            gating.forget("CS-3");
        }
        Ocpp201BootGating after = Ocpp201BootGating.create(
                RegistrationRegistry.persistent(RegistrationRegistry.file(file)));
        assertThat(after.status("CS-1")).contains(RegistrationStatusEnum.ACCEPTED);
        assertThat(after.status("CS-2")).contains(RegistrationStatusEnum.PENDING);
        assertThat(after.status("CS-3")).isEmpty();
    }
}
