package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EngineService#getHistory(GetHistoryRequest)}: pages that concatenate to the whole history. */
class EngineHistoryPageTest extends EngineTestBase {

    /** A run with {@code signals} signals after its start: 2 + signals events, plus its started workflow task. */
    private WorkflowExecution runWithSignals(String workflowId, int signals) {
        WorkflowExecution execution = start(workflowId);
        for (int i = 0; i < signals; i++) {
            engine.signalWorkflow(new SignalWorkflowRequest(NS, workflowId, null, "addItem", List.of(json("" + i)),
                    "client-1"));
        }
        return execution;
    }

    private List<HistoryPage> allPages(String workflowId, String runId, int pageSize) {
        List<HistoryPage> pages = new ArrayList<>();
        String token = null;
        do {
            HistoryPage page = engine.getHistory(new GetHistoryRequest(NS, workflowId, runId, pageSize, token));
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null);
        return pages;
    }

    @Test
    void pagesOfThreeConcatenateToTheWholeHistory() {
        runWithSignals("p-1", 6);
        pollWorkflowTask(); // its WorkflowTaskStarted waits in memory for the next commit: pages include it
        List<HistoryEvent> whole = history("p-1");
        assertThat(whole).hasSize(9);

        List<HistoryPage> pages = allPages("p-1", null, 3);

        assertThat(pages).extracting(page -> page.events().size()).containsExactly(3, 3, 3);
        assertThat(pages.stream().flatMap(page -> page.events().stream()).toList()).isEqualTo(whole);
        assertThat(pages.get(2).nextPageToken()).isNull();
    }

    @Test
    void aPageSizeThatDoesNotDivideTheHistoryEndsWithAShortPage() {
        runWithSignals("p-2", 5);

        List<HistoryPage> pages = allPages("p-2", null, 4);

        assertThat(pages).extracting(page -> page.events().size()).containsExactly(4, 3);
        assertThat(pages.stream().flatMap(page -> page.events().stream()).toList()).isEqualTo(history("p-2"));
    }

    @Test
    void theDefaultPageHoldsAShortHistoryWhole() {
        runWithSignals("p-3", 2);

        HistoryPage page = engine.getHistory(GetHistoryRequest.firstPage(NS, "p-3", null));

        assertThat(page.events()).isEqualTo(history("p-3"));
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void theDefaultWholeHistoryCallReadsPageByPage() {
        runWithSignals("p-4", 3);
        // Only the paged call is offered: the interface's default getHistory(ns, id, run) must page through it.
        EngineService pagedOnly = (EngineService) Proxy.newProxyInstance(EngineService.class.getClassLoader(),
                new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHistory") && args.length == 1) {
                        GetHistoryRequest request = (GetHistoryRequest) args[0];
                        return engine.getHistory(new GetHistoryRequest(request.namespace(), request.workflowId(),
                                request.runId(), 2, request.nextPageToken()));
                    }
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        assertThat(pagedOnly.getHistory(NS, "p-4", null)).isEqualTo(history("p-4"));
    }

    @Test
    void theNextPagesOfTheLatestRunStayOnTheFirstPagesRun() {
        WorkflowExecution first = runWithSignals("p-5", 3);
        HistoryPage page1 = engine.getHistory(new GetHistoryRequest(NS, "p-5", null, 2, null));
        engine.terminateWorkflow(NS, "p-5", null, "replaced", List.of(), "client-1");
        runWithSignals("p-5", 0); // a new latest run

        HistoryPage page2 = engine.getHistory(new GetHistoryRequest(NS, "p-5", null, 2, page1.nextPageToken()));

        assertThat(page2.events()).isEqualTo(engine.getHistory(NS, "p-5", first.runId()).subList(2, 4));
    }

    @Test
    void pageSizesOutsideOneToTheMaximumAreRefusedNamingTheBounds() {
        start("p-6");

        for (int size : new int[] {-1, GetHistoryRequest.MAX_PAGE_SIZE + 1}) {
            assertThatThrownBy(() -> engine.getHistory(new GetHistoryRequest(NS, "p-6", null, size, null)))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                    .hasMessage("History page size must be between 1 and " + GetHistoryRequest.MAX_PAGE_SIZE
                            + " (0 for the default, " + GetHistoryRequest.DEFAULT_PAGE_SIZE + "), got " + size);
        }
        assertThat(engine.getHistory(new GetHistoryRequest(NS, "p-6", null, 1, null)).events()).hasSize(1);
    }

    @Test
    void aMalformedPageTokenIsRefusedNamingIt() {
        start("p-7");

        for (String token : new String[] {"not-a-token", "aDE6eDpydW4", "aDE6MTpydW4"}) { // h1:x:run, h1:1:run
            assertThatThrownBy(() -> engine.getHistory(new GetHistoryRequest(NS, "p-7", null, 2, token)))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                    .hasMessage("Malformed history page token \"" + token + "\": pass the nextPageToken of the "
                            + "previous page unchanged, or none for the first page");
        }
    }

    @Test
    void aPageTokenOfAnotherRunIsRefusedNamingBothRuns() {
        WorkflowExecution a = runWithSignals("p-8", 3);
        WorkflowExecution b = runWithSignals("p-9", 3);
        String tokenOfA = engine.getHistory(new GetHistoryRequest(NS, "p-8", a.runId(), 2, null)).nextPageToken();

        assertThatThrownBy(() -> engine.getHistory(new GetHistoryRequest(NS, "p-9", b.runId(), 2, tokenOfA)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageContaining("is for run " + a.runId() + ", not run " + b.runId());
    }

    @Test
    void anUnknownRunIsNotFound() {
        assertThatThrownBy(() -> engine.getHistory(GetHistoryRequest.firstPage(NS, "p-none", null)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }
}
