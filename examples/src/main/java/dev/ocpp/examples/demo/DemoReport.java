package dev.ocpp.examples.demo;

import dev.ocpp.examples.support.ExchangeLog;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Demo} run did.
 *
 * @param success     whether every expected exchange happened and nothing unexpected failed
 * @param problems    what went wrong, one sentence each; empty on success
 * @param connections the stations the CSMS saw connect, with their subprotocols
 * @param counts      frames seen by the CSMS, per direction, type and action
 * @param stations    one line per station about its own exchanges
 * @param security    under a security profile: how each station connected, and the station refused with the event
 *                    the CSMS reported; empty without a profile
 * @param offline     the network cut scene, ending with {@code N messages queued offline, N delivered, 0 lost};
 *                    empty if the demo did not get that far
 * @param summary     the whole report as readable text
 */
public record DemoReport(boolean success, List<String> problems, List<ExchangeLog.Connection> connections,
                         Map<ExchangeLog.Key, Long> counts, List<String> stations, List<String> security,
                         List<String> offline, String summary) {

    public DemoReport {
        problems = List.copyOf(problems);
        connections = List.copyOf(connections);
        counts = Map.copyOf(counts);
        stations = List.copyOf(stations);
        security = List.copyOf(security);
        offline = List.copyOf(offline);
    }
}
