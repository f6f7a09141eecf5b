package io.eidhub.simulator;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of simulated providers: the one place that lists them. */
final class SimulatedProviders {

    static final List<SimulatedProvider> ALL = List.of(new ItsmeSimulation(), new IdemiaSimulation());

    private SimulatedProviders() {
    }

    /** The provider with this id, or null. */
    static SimulatedProvider byId(String id) {
        return ALL.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    /** The provider ids, each in quotes if {@code quote}, joined with " or " (for error messages). */
    static String idsForMessage(boolean quote) {
        return ALL.stream().map(p -> quote ? "'" + p.id() + "'" : p.id()).collect(Collectors.joining(" or "));
    }
}
