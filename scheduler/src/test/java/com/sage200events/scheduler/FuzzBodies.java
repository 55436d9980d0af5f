package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The bodies {@link InstancesApiFuzzIT} sends, grown from the seed document's JSON: wrong types, missing keys, huge
 * strings, deep nesting, bad templates, bad date patterns and garbage. {@link HostileBodies} adds what an attacker
 * sends at the byte level.
 */
final class FuzzBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] PLACEHOLDERS = {"${date:yyyy-MM-dd'T'HH:mm:ss}", "${gmtDate:yyyy-MM-dd}", "${epoch}", "${epoch:s}",
        "${epoch:ns}", "${date:}", "${dateTimeZone:Mars/Olympus:yyyy}", "${dateTimeZone:Europe/London:HH:mm}", "${", "${}", "}",
        "${date:yyyy-MM-dd'T", "${gmtDate:qqqq}", "${unknown:x}", "${epoch:ms}", "${date:EEE, d MMM yyyy HH:mm:ss Z}"};
    private static final String[] WHERE = {"date_time_updated>='%s'", "a = 1", "a LIKE 'x%'", "a LIKE '%x%y'", "a IN ('1','2')",
        "(a = 1 OR b != 2) AND c IS NULL", "a IS NOT NULL", "`odd field` = 'x'", "a = ", "= 1", "a == 1", "a = 'unterminated",
        "((a = 1)", "a > 1)", "NOT a = 1", "a BETWEEN 1 AND 2", "updated_at >= '%s'", "a <> 'b' AND",
        // Issue 17: a % is a wildcard or a literal, an escape only of one printable UTF-8 character.
        "name LIKE '%Bee'", "name LIKE 'Acme%'", "name LIKE '%ac%'", "name = '100%'", "name LIKE '%41%'", "name = 'Caf%C3%A9'",
        "name LIKE 'a_b%'", "name = '%EF%BF%BD'", "name LIKE '[a-z]%'", "name = 'A&B'", "name LIKE '%25Bee'"};
    private static final String PATTERN_LETTERS = "GyYuMLdDEeFaHhKkmsSAnNVzOXxZQqwWgcp'T-:. ,/[]#{}";


    static String createBody(Random random) {
        int kind = random.nextInt(100);
        if (kind < 6) {
            return garbage(random);
        }
        ObjectNode body = seed();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            mutate(body, random);
        }
        return body.toString();
    }

    static String patchBody(Random random) {
        ObjectNode configuration = NODES.objectNode();
        JsonNode seedConfig = seed().get("configuration");
        List<String> keys = new ArrayList<>();
        seedConfig.fieldNames().forEachRemaining(keys::add);
        for (int n = random.nextInt(4); n >= 0; n--) {
            String key = keys.get(random.nextInt(keys.size()));
            configuration.set(key, seedConfig.get(key).deepCopy());
        }
        ObjectNode body = NODES.objectNode();
        body.set("configuration", configuration);
        if (random.nextInt(5) == 0) {
            body.put("name", "renamed");
        }
        for (int n = random.nextInt(3); n > 0; n--) {
            mutate(body, random);
        }
        return random.nextInt(20) == 0 ? garbage(random) : body.toString();
    }

    /** One change somewhere in the tree: the kinds of mistake people (and attackers) make. */
    private static void mutate(ObjectNode root, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            root.set(randomKey(random), randomValue(random, 0));
            return;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(9)) {
            case 0 -> slot.remove();
            case 1, 2 -> slot.replace(randomValue(random, 0));
            case 3 -> slot.rename(randomKey(random));
            case 4 -> pollerUrl(root, random);
            case 5 -> dateField(root, random);
            case 6 -> slot.replace(deep(random, 10 + random.nextInt(random.nextBoolean() ? 40 : 300)));
            case 7 -> slot.replace(NODES.textNode(huge(random)));
            default -> {
                if (slot.parent instanceof ObjectNode object) {
                    object.set(randomKey(random), randomValue(random, 0));
                }
            }
        }
    }

    private static void pollerUrl(ObjectNode root, Random random) {
        ObjectNode poller = randomPoller(root, random);
        if (poller == null) {
            return;
        }
        String where = WHERE[random.nextInt(WHERE.length)].replace("%s", PLACEHOLDERS[random.nextInt(PLACEHOLDERS.length)]);
        String resource = random.nextInt(4) == 0 ? randomKey(random) : "customers";
        String url = switch (random.nextInt(5)) {
            case 0 -> "/hubs/finance/" + resource;
            case 1 -> "/hubs/finance/" + resource + "?where=" + where + "&orderBy=x";
            case 2 -> "https://evil.example.com/hubs/finance/" + resource + "?where=" + where;
            default -> "/hubs/finance/" + resource + "?where=" + where;
        };
        poller.put("url", url);
    }

    private static void dateField(ObjectNode root, Random random) {
        ObjectNode poller = randomPoller(root, random);
        if (poller == null || !(poller.get("datesConfiguration") instanceof ObjectNode dates)) {
            return;
        }
        String[] keys = {"updatedDateFormat", "createdDateFormat", "updatedDateTimezone", "createdDateTimezone"};
        String key = keys[random.nextInt(keys.length)];
        StringBuilder value = new StringBuilder();
        for (int n = random.nextInt(12); n >= 0; n--) {
            value.append(key.endsWith("Timezone") ? (char) ('A' + random.nextInt(60)) : PATTERN_LETTERS.charAt(random.nextInt(PATTERN_LETTERS.length())));
        }
        dates.put(key, value.toString());
    }

    private static ObjectNode randomPoller(ObjectNode root, Random random) {
        JsonNode pollers = root.path("configuration").path("event.poller.configuration");
        if (!pollers.isObject() || pollers.isEmpty()) {
            return null;
        }
        List<JsonNode> entries = new ArrayList<>();
        pollers.elements().forEachRemaining(entries::add);
        JsonNode poller = entries.get(random.nextInt(entries.size()));
        return poller instanceof ObjectNode object ? object : null;
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 9 : 12)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.numberNode(new BigInteger(80, random));
            case 2 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode(randomKey(random));
            case 7 -> NODES.textNode(Integer.toString(random.nextInt(3000) - 1000));
            case 8 -> NODES.textNode("********");
            case 9 -> {
                ArrayNode array = NODES.arrayNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    object.set(randomKey(random), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static JsonNode deep(Random random, int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("k", node);
        }
        return node;
    }

    private static String randomKey(Random random) {
        String[] known = {"url", "idField", "pageSize", "pollDelay", "name", "tags", "code", "providerData", "element", "key",
            "event.poller.refresh_interval", "event.notification.enabled", "oauth.refresh.token", "my.password", "customers",
            "event.poller.configuration", "datesConfiguration", "configuration", "\u0000", "ключ", "a b", "$ref", ""};
        if (random.nextBoolean()) {
            return known[random.nextInt(known.length)];
        }
        StringBuilder key = new StringBuilder();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
            key.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
        }
        return key.toString();
    }

    private static String huge(Random random) {
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(random.nextBoolean() ? 3_000 : 30_000);
    }

    private static String garbage(Random random) {
        String seed = seed().toString();
        Supplier<String>[] kinds = List.<Supplier<String>>of(
                () -> seed.substring(0, random.nextInt(seed.length())),
                () -> "[".repeat(5_000) + "]".repeat(5_000),
                () -> "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                () -> "",
                () -> "null",
                () -> "\"just a string\"",
                () -> "42",
                () -> "{\"configuration\": " + "x".repeat(400_000) + "}",
                () -> seed.replace(':', ';')).toArray(Supplier[]::new);
        return kinds[random.nextInt(kinds.length)].get();
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                slots.add(new Slot(object, name, -1));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** A place in the tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String name, int index) {

        void replace(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void rename(String newName) {
            if (parent instanceof ObjectNode object) {
                object.set(newName, object.remove(name));
            }
        }
    }

    private FuzzBodies() {
    }
}
