package dev.ocpp.examples.durability;

import dev.ocpp.transport.tyrus.TyrusServerTransport;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A CSMS of both versions on real WebSockets that records, per station, the number every transaction message of
 * {@link Numbered} carries, in the order received (duplicates included), and checks that every 1.6 message of a
 * transaction carries the transactionId assigned to its StartTransaction. Each receipt is also handed to
 * {@code sink} before the answer goes out, so that a CSMS in a child process can print it before anyone could see
 * it answered.
 */
final class RecordingCsms implements AutoCloseable {

    final Ocpp16CentralSystem csms16;
    final Ocpp201Csms csms201;
    /** Numbers received, per identity, in order. */
    final Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    /** Problems seen (a 1.6 message with the wrong transaction id). */
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> transactionIds = new ConcurrentHashMap<>();
    private final Map<String, String> lastMessageIds = new ConcurrentHashMap<>();
    private final AtomicInteger nextTransactionId;
    private final Consumer<String> sink;
    /** Whether 1.6 transaction ids are checked: only a CSMS that lives as long as the test knows them all. */
    private final boolean checkIds;

    RecordingCsms(int port16, int port201, int firstTransactionId, boolean checkIds, Consumer<String> sink,
                  Consumer<Ocpp16CentralSystem.Builder> more16, Consumer<Ocpp201Csms.Builder> more201) {
        this.sink = sink;
        this.checkIds = checkIds;
        this.nextTransactionId = new AtomicInteger(firstTransactionId);
        Ocpp16CentralSystem.Builder b16 = Ocpp16CentralSystem.builder(new TyrusServerTransport())
                .host("127.0.0.1").port(port16).path("/ocpp")
                .on(dev.ocpp.v16.messages.BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED)
                        .withCurrentTime(OffsetDateTime.now()).withInterval(300))
                .on(HeartbeatRequest.class, h -> new HeartbeatResponse().withCurrentTime(OffsetDateTime.now()))
                .on(StartTransactionRequest.class, (s, ctx) -> {
                    // A fresh id per StartTransaction handled: a retransmitted one that reached this handler
                    // would start a second transaction, as in a CSMS without duplicate detection.
                    int id = nextTransactionId.getAndIncrement();
                    Integer earlier = transactionIds.put(ctx.identity() + "/" + s.getMeterStart(), id);
                    if (earlier != null && checkIds) {
                        problems.add(ctx.identity() + ": StartTransaction " + s.getMeterStart()
                                + " handled twice, given transaction " + earlier + " and then " + id);
                    }
                    got(ctx, s.getMeterStart());
                    return new StartTransactionResponse().withTransactionId(id)
                            .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .on(MeterValuesRequest.class, (m, ctx) -> {
                    int n = Integer.parseInt(m.getMeterValue().get(0).getSampledValue().get(0).getValue());
                    check(ctx.identity(), n, m.getTransactionId());
                    got(ctx, n);
                    return new MeterValuesResponse();
                })
                .on(StopTransactionRequest.class, (s, ctx) -> {
                    check(ctx.identity(), s.getMeterStop(), s.getTransactionId());
                    got(ctx, s.getMeterStop());
                    return new StopTransactionResponse();
                });
        more16.accept(b16);
        Ocpp201Csms.Builder b201 = Ocpp201Csms.builder(new TyrusServerTransport())
                .host("127.0.0.1").port(port201).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new dev.ocpp.v201.messages.BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(OffsetDateTime.now())
                        .withInterval(300))
                .on(TransactionEventRequest.class, (e, ctx) -> {
                    got(ctx, (int) Math.round(e.getMeterValue().get(0).getSampledValue().get(0)
                            .getValue()));
                    return new TransactionEventResponse();
                });
        more201.accept(b201);
        csms16 = b16.build().start();
        csms201 = b201.build().start();
    }

    int port16() {
        return csms16.port();
    }

    int port201() {
        return csms201.port();
    }

    /** The message id of the last transaction message handled for {@code identity}, or null. */
    String lastMessageId(String identity) {
        return lastMessageIds.get(identity);
    }

    private void got(dev.ocpp.core.typed.CallContext ctx, int number) {
        String identity = ctx.identity();
        lastMessageIds.put(identity, ctx.messageId());
        received.computeIfAbsent(identity, k -> new CopyOnWriteArrayList<>()).add(number);
        sink.accept("got " + identity + " " + number);
    }

    /** A 1.6 MeterValues or Stop numbered {@code n} must carry the id given to the Start of its transaction. */
    private void check(String identity, int n, Integer transactionId) {
        if (!checkIds) {
            return;
        }
        int start = n - ((n - 1) % Numbered.PER_TRANSACTION);
        Integer assigned = transactionIds.get(identity + "/" + start);
        if (assigned == null || !assigned.equals(transactionId)) {
            problems.add(identity + ": message " + n + " carries transaction " + transactionId + ", its start "
                    + start + " was given " + assigned);
        }
    }

    /** The numbers received from {@code identity}, duplicates removed, in first-receipt order. */
    List<Integer> distinct(String identity) {
        List<Integer> out = new ArrayList<>();
        for (int n : received.getOrDefault(identity, List.of())) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public void close() {
        csms16.close();
        csms201.close();
    }
}
