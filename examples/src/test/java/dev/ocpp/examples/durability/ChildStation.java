package dev.ocpp.examples.durability;

import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.store.DurableMessageStore;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v201.Ocpp201ChargingStation;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A station in its own JVM, for {@link StationKillTest}: it runs numbered transactions (see {@link Numbered}) with a
 * durable store and prints {@code accepted <n>} the moment the call for message {@code n} has returned, that is
 * once the message is in the store. The parent kills it with SIGKILL at random points. In {@code drain} mode it
 * queues nothing new, delivers what the store holds and prints {@code drained} once the queue is empty.
 *
 * <p>Arguments: {@code ocpp1.6|ocpp2.0.1 <endpoint> <identity> <store directory> run|drain}.
 */
public final class ChildStation {

    private ChildStation() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean v16 = "ocpp1.6".equals(args[0]);
        URI endpoint = URI.create(args[1]);
        String identity = args[2];
        DurableMessageStore store = DurableMessageStore.open(Path.of(args[3]));
        boolean drain = "drain".equals(args[4]);
        Duration timeout = Duration.ofSeconds(5);

        DeliveryQueue queue;
        Object session;
        if (v16) {
            Ocpp16ChargePoint cp = Numbered.station16(new TyrusClientTransport(), endpoint, identity,
                    Numbered.patient(store), timeout);
            queue = cp.delivery().orElseThrow();
            session = cp.start();
        } else {
            Ocpp201ChargingStation cs = Numbered.station201(new TyrusClientTransport(), endpoint, identity,
                    Numbered.patient(store), timeout);
            queue = cs.delivery().orElseThrow();
            session = cs.start();
        }
        out.println("started " + queue.depth());
        if (drain) {
            while (queue.depth() > 0) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            out.println("drained");
            System.exit(0);
        }
        Runnable pause = () -> LockSupport.parkNanos(Duration.ofMillis(15).toNanos());
        while (true) {
            // The next number is reserved on disk before it is used, so a kill can never make two messages share one.
            int n = queue.state().get("test/next").map(Integer::parseInt).orElse(1);
            queue.state().put("test/next", Integer.toString(n + Numbered.PER_TRANSACTION));
            if (v16) {
                Numbered.transaction16((dev.ocpp.v16.Ocpp16CentralSystemSession) session, identity, n,
                        k -> out.println("accepted " + k), pause);
            } else {
                Numbered.transaction201((dev.ocpp.v201.Ocpp201CsmsSession) session, n,
                        k -> out.println("accepted " + k), pause);
            }
            pause.run();
        }
    }
}
