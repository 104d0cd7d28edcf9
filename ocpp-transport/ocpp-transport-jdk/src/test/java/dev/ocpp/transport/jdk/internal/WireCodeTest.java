package dev.ocpp.transport.jdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which close codes reach the wire as asked, and what replaces those {@code java.net.http} will not send. */
class WireCodeTest {

    @Test
    void codesTheJdkSendsFromAClientGoAsAsked() {
        assertThat(JdkConnection.wireCode(1000)).isEqualTo(1000);
        assertThat(JdkConnection.wireCode(1001)).isEqualTo(1001);
        assertThat(JdkConnection.wireCode(1008)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1011)).isEqualTo(1011);
        assertThat(JdkConnection.wireCode(4001)).isEqualTo(4001);
    }

    @Test
    void codesTheJdkRefusesFromAClientBecomePolicyViolationOrNormalClosure() {
        assertThat(JdkConnection.wireCode(1002)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1003)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1007)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1009)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1010)).isEqualTo(1008);
        assertThat(JdkConnection.wireCode(1012)).isEqualTo(1000);
        assertThat(JdkConnection.wireCode(1014)).isEqualTo(1000);
    }

    @Test
    void codesNoEndpointMaySendBecomeNormalClosure() {
        assertThat(JdkConnection.wireCode(1005)).isEqualTo(1000);
        assertThat(JdkConnection.wireCode(1006)).isEqualTo(1000);
        assertThat(JdkConnection.wireCode(999)).isEqualTo(1000);
        assertThat(JdkConnection.wireCode(5000)).isEqualTo(1000);
    }
}
