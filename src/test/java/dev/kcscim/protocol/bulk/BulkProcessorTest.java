package dev.kcscim.protocol.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.routing.ScimResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkProcessorTest {

    private static BulkRequest request(String json) {
        return BulkRequest.parse(Json.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)), 10);
    }

    private static final String HEAD = "{'schemas':['" + BulkRequest.REQUEST_SCHEMA + "'],";

    /** A runner that records what it ran and creates resources with ids "id-<n>". */
    private static final class Recorder implements BulkProcessor.Runner {
        final List<String> ran = new ArrayList<>();
        final List<JsonNode> bodies = new ArrayList<>();
        final Map<String, Integer> failing;

        Recorder(Map<String, Integer> failing) {
            this.failing = failing;
        }

        @Override
        public ScimResponse run(String method, String path, JsonNode data, String version) {
            ran.add(method + " " + path);
            bodies.add(data);
            Integer status = failing.get(method + " " + path);
            if (status != null) {
                return ScimResponse.error(new ScimError(status, null, "refused"), Map.of());
            }
            ObjectNode body = Json.object().put("id", "id-" + ran.size());
            body.putObject("meta").put("version", "W/\"v" + ran.size() + "\"").put("location", "https://x" + path);
            return method.equals("POST") ? ScimResponse.created(body, "https://x" + path + "/id-" + ran.size())
                    : method.equals("DELETE") ? new ScimResponse(204, Map.of(), null) : ScimResponse.ok(body);
        }
    }

    @Test
    void aGroupWhoseMembersAreCreatedLaterInTheRequestRunsAfterThem() {
        BulkRequest bulk = request(HEAD + "'Operations':["
                + "{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'T','members':[{'value':'bulkId:u1'},{'value':'bulkId:u2'}]}},"
                + "{'method':'POST','path':'/Users','bulkId':'u1','data':{'userName':'a'}},"
                + "{'method':'POST','path':'/Users','bulkId':'u2','data':{'userName':'b'}}]}");
        Recorder recorder = new Recorder(Map.of());
        JsonNode response = BulkProcessor.process(bulk, recorder);
        assertEquals(List.of("POST /Users", "POST /Users", "POST /Groups"), recorder.ran);
        assertEquals("id-1", recorder.bodies.get(2).get("members").get(0).get("value").asText());
        assertEquals("id-2", recorder.bodies.get(2).get("members").get(1).get("value").asText());
        JsonNode operations = response.get("Operations");
        assertEquals(List.of("g", "u1", "u2"), operations.findValuesAsText("bulkId"), "results in the request's order");
        assertEquals("201", operations.get(0).get("status").asText());
        assertEquals("https://x/Groups/id-3", operations.get(0).get("location").asText());
        assertEquals("W/\"v3\"", operations.get(0).get("version").asText());
        assertEquals(BulkRequest.RESPONSE_SCHEMA, response.get("schemas").get(0).asText());
    }

    @Test
    void pathsReferToBulkIdsToo() {
        BulkRequest bulk = request(HEAD + "'Operations':["
                + "{'method':'PATCH','path':'/Users/bulkId:u','data':{'Operations':[]}},"
                + "{'method':'POST','path':'/Users','bulkId':'u','data':{'userName':'a'}}]}");
        Recorder recorder = new Recorder(Map.of());
        BulkProcessor.process(bulk, recorder);
        assertEquals(List.of("POST /Users", "PATCH /Users/id-1"), recorder.ran);
    }

    @Test
    void aCycleIsRefusedWith409AndTheRestRuns() {
        BulkRequest bulk = request(HEAD + "'Operations':["
                + "{'method':'POST','path':'/Groups','bulkId':'a','data':{'displayName':'A','members':[{'value':'bulkId:b'}]}},"
                + "{'method':'POST','path':'/Groups','bulkId':'b','data':{'displayName':'B','members':[{'value':'bulkId:a'}]}},"
                + "{'method':'POST','path':'/Users','bulkId':'c','data':{'userName':'c'}}]}");
        Recorder recorder = new Recorder(Map.of());
        JsonNode operations = BulkProcessor.process(bulk, recorder).get("Operations");
        assertEquals(List.of("POST /Users"), recorder.ran, "nothing of the cycle ran");
        assertEquals("409", operations.get(0).get("status").asText());
        assertEquals("409", operations.get(1).get("status").asText());
        assertTrue(operations.get(0).get("response").get("detail").asText().contains("cycle"));
        assertEquals("201", operations.get(2).get("status").asText());
    }

    @Test
    void aReferenceToAFailedOrUndefinedBulkIdFailsThatOperationOnly() {
        BulkRequest bulk = request(HEAD + "'Operations':["
                + "{'method':'POST','path':'/Users','bulkId':'bad','data':{'userName':'x'}},"
                + "{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'G','members':[{'value':'bulkId:bad'}]}},"
                + "{'method':'POST','path':'/Groups','bulkId':'h','data':{'displayName':'H','members':[{'value':'bulkId:nowhere'}]}},"
                + "{'method':'DELETE','path':'/Users/123'}]}");
        Recorder recorder = new Recorder(Map.of("POST /Users", 409));
        JsonNode operations = BulkProcessor.process(bulk, recorder).get("Operations");
        assertEquals(List.of("POST /Users", "DELETE /Users/123"), recorder.ran);
        assertEquals("409", operations.get(0).get("status").asText());
        assertEquals("refused", operations.get(0).get("response").get("detail").asText());
        assertTrue(operations.get(1).get("response").get("detail").asText().contains("whose operation failed"));
        assertTrue(operations.get(2).get("response").get("detail").asText().contains("no POST of this request defines"));
        assertEquals("400", operations.get(2).get("status").asText());
        assertEquals("204", operations.get(3).get("status").asText());
        assertFalse(operations.get(3).has("response"));
    }

    @Test
    void failOnErrorsStopsAndLeavesTheRestOut() {
        BulkRequest bulk = request(HEAD + "'failOnErrors':1,'Operations':["
                + "{'method':'DELETE','path':'/Users/1'},"
                + "{'method':'DELETE','path':'/Users/2'},"
                + "{'method':'DELETE','path':'/Users/3'}]}");
        Recorder recorder = new Recorder(Map.of("DELETE /Users/2", 404));
        JsonNode operations = BulkProcessor.process(bulk, recorder).get("Operations");
        assertEquals(List.of("DELETE /Users/1", "DELETE /Users/2"), recorder.ran);
        assertEquals(2, operations.size(), "the third was not processed, so it is not in the answer");
    }

    @Test
    void onlyUsersAndGroupsCanBeAddressed() {
        BulkRequest bulk = request(HEAD + "'Operations':[{'method':'POST','path':'/Bulk','bulkId':'x','data':{}}]}");
        Recorder recorder = new Recorder(Map.of());
        JsonNode operations = BulkProcessor.process(bulk, recorder).get("Operations");
        assertTrue(recorder.ran.isEmpty());
        assertEquals("400", operations.get(0).get("status").asText());
        assertEquals("invalidPath", operations.get(0).get("response").get("scimType").asText());
    }

    @Test
    void malformedRequestsAreRefusedWhole() {
        assertEquals(400, assertThrows(ScimException.class, () -> request("{'Operations':[]}")).error().status());
        assertEquals(400, assertThrows(ScimException.class, () -> request(HEAD + "'Operations':[]}")).error().status());
        assertEquals(400, assertThrows(ScimException.class, () -> request(HEAD
                + "'Operations':[{'method':'POST','path':'/Users','data':{}}]}")).error().status(), "a POST without bulkId");
        assertEquals(400, assertThrows(ScimException.class, () -> request(HEAD
                + "'Operations':[{'method':'POST','path':'/Users','bulkId':'a','data':{}},{'method':'POST','path':'/Users','bulkId':'a','data':{}}]}"))
                .error().status(), "a bulkId used twice");
        assertEquals(400, assertThrows(ScimException.class, () -> request(HEAD
                + "'Operations':[{'method':'GET','path':'/Users'}]}")).error().status());
        assertEquals(400, assertThrows(ScimException.class, () -> request(HEAD
                + "'failOnErrors':0,'Operations':[{'method':'DELETE','path':'/Users/1'}]}")).error().status());
        StringBuilder many = new StringBuilder(HEAD + "'Operations':[");
        for (int i = 0; i < 11; i++) {
            many.append(i == 0 ? "" : ",").append("{'method':'DELETE','path':'/Users/").append(i).append("'}");
        }
        ScimException tooMany = assertThrows(ScimException.class, () -> request(many + "]}"));
        assertEquals(413, tooMany.error().status());
        assertEquals("tooLarge", tooMany.error().scimType().name());
    }

    /** A store with transactions: what a group or an operation writes stays only if it commits. */
    private static final class TransactionalStore implements BulkProcessor.Transactions {
        final List<String> committed = new ArrayList<>();
        int groups;
        int alone;

        private ScimResponse apply(List<String> into, String method, String path, JsonNode data) {
            String name = data.has("userName") ? data.get("userName").asText() : data.path("displayName").asText();
            if (name.equals("refused")) {
                return ScimResponse.error(new ScimError(409, null, "refused"), Map.of());
            }
            into.add(method + " " + path + " " + name + (data.has("members") ? " " + data.get("members").findValuesAsText("value") : ""));
            ObjectNode body = Json.object().put("id", "id-" + name);
            return ScimResponse.created(body, "https://x" + path + "/id-" + name);
        }

        @Override
        public ScimResponse alone(String method, String path, JsonNode data, String version) {
            alone++;
            return apply(committed, method, path, data);
        }

        @Override
        public boolean together(java.util.function.Predicate<BulkProcessor.Runner> work) {
            groups++;
            List<String> staged = new ArrayList<>();
            if (!work.test((method, path, data, version) -> apply(staged, method, path, data))) {
                return false;
            }
            committed.addAll(staged);
            return true;
        }
    }

    @Test
    void operationsShareATransactionPerGroupAndAFailedGroupIsRunAgainOneByOne() {
        StringBuilder ops = new StringBuilder();
        int count = 4 * BulkProcessor.GROUP - 1; // with the team, four whole groups
        for (int i = 0; i < count; i++) {
            String name = i == 2 * BulkProcessor.GROUP + 5 ? "refused" : "user" + i;
            ops.append("{'method':'POST','path':'/Users','bulkId':'u").append(i).append("','data':{'userName':'").append(name).append("'}},");
        }
        ops.append("{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'team','members':[{'value':'bulkId:u5'},{'value':'bulkId:u")
                .append(count - 1).append("'}]}}");
        BulkRequest bulk = BulkRequest.parse(Json.parse((HEAD + "'Operations':[" + ops + "]}").replace('\'', '"').getBytes(StandardCharsets.UTF_8)), 1000);
        TransactionalStore store = new TransactionalStore();
        JsonNode results = BulkProcessor.process(bulk, store).get("Operations");

        assertEquals(count + 1, results.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i == 2 * BulkProcessor.GROUP + 5 ? "409" : "201", results.get(i).get("status").asText(), "operation " + i);
        }
        assertEquals("201", results.get(count).get("status").asText());
        assertEquals(count, store.committed.size(), "every operation but the refused one, once each");
        assertFalse(store.committed.stream().anyMatch(c -> c.contains("refused")));
        assertTrue(store.committed.contains("POST /Groups team [id-user5, id-user" + (count - 1) + "]"), store.committed.toString());
        assertEquals(4, store.groups, "every group tried once together");
        assertEquals(BulkProcessor.GROUP, store.alone, "only the group with the refusal ran again one by one");
    }

    @Test
    void aBulkIdInAPathIsReplacedWholeNeverAsAPrefixOfAnother() {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("u1", "id-one");
        ids.put("u10", "id-ten");
        assertEquals("/Users/id-ten", BulkPlan.resolvePath("/Users/bulkId:u10", ids));
        assertEquals("/Users/id-one", BulkPlan.resolvePath("/Users/bulkId:u1", ids));
        assertEquals("/Users/bulkId:u2", BulkPlan.resolvePath("/Users/bulkId:u2", ids), "an unknown bulkId is left for the caller to refuse");
    }
}
