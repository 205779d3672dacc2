package boutique.launcher;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A bad-input campaign against every method of a gRPC service, built from the contract itself: for each
 * request message, variants with every string at its longest (within the 64 KiB message limit) or oddest,
 * every number at its extremes, lists of a thousand entries, and plausible values (a real product, a real
 * currency, a valid card) with the numbers broken, plus one message over the limit. A well-formed request
 * may be refused, but never answered UNKNOWN or INTERNAL, and never left without an answer.
 */
final class HostileGrpc {

    /** Statuses no well-formed request may get: a crash, or no answer (the deadline is generous). */
    static final Set<Status.Code> NEVER =
            Set.of(Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.DEADLINE_EXCEEDED);

    private static final long DEADLINE_SECONDS = 15;

    /** What one call answered. */
    record Outcome(String method, String variant, Status.Code code, String description) {}

    private HostileGrpc() {}

    static List<Outcome> attack(ManagedChannel channel, ServiceDescriptor service) {
        List<Outcome> outcomes = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            Descriptor input = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                    .getMethodDescriptor()
                    .getInputType();
            variants(input).forEach((variant, message) -> outcomes.add(call(channel, method, variant, message)));
        }
        return outcomes;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Outcome call(ManagedChannel channel, MethodDescriptor method, String variant, Message message) {
        Object request = method.getRequestMarshaller().parse(new ByteArrayInputStream(message.toByteArray()));
        try {
            ClientCalls.blockingUnaryCall(
                    channel,
                    method,
                    CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS),
                    request);
            return new Outcome(method.getFullMethodName(), variant, Status.Code.OK, null);
        } catch (StatusRuntimeException e) {
            return new Outcome(
                    method.getFullMethodName(),
                    variant,
                    e.getStatus().getCode(),
                    e.getStatus().getDescription());
        }
    }

    static Map<String, Message> variants(Descriptor type) {
        Map<String, Message> variants = new LinkedHashMap<>();
        variants.put("empty", DynamicMessage.getDefaultInstance(type));
        int strings = Math.max(1, countStrings(type, 0));
        String longest = "x".repeat(50_000 / strings);
        variants.put("longest strings", fill(type, f -> longest, Numbers.ONE, 1, 0));
        for (String odd : List.of("\u0000", "../../../etc/passwd", "' OR '1'='1", "\uD83D\uDCA5\uFFFD", "%s%n%x")) {
            variants.put("odd string " + odd, fill(type, f -> odd, Numbers.ONE, 1, 0));
        }
        Numbers[] numbers = {
            new Numbers("maximal numbers", Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE),
            new Numbers("minimal numbers", Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE),
            new Numbers("minus one", -1, -1, -1),
            new Numbers("zeros", 0, 0, 0),
            new Numbers("not a number", 1, 1, Double.NaN),
            new Numbers("infinity", 1, 1, Double.POSITIVE_INFINITY),
            Numbers.ONE
        };
        for (Numbers n : numbers) {
            variants.put("plausible, " + n.name(), fill(type, HostileGrpc::plausible, n, 1, 0));
        }
        variants.put("a thousand of each", fill(type, HostileGrpc::plausible, Numbers.ONE, 1_000, 0));
        if (!type.getFields().isEmpty()) {
            variants.put("over the 64 KiB limit", overTheLimit(type));
        }
        return variants;
    }

    /** The numbers every numeric field of a variant gets. */
    private record Numbers(String name, int anInt, long aLong, double aDouble) {
        static final Numbers ONE = new Numbers("ones", 1, 1, 1);
    }

    /** A message bigger than every server's 64 KiB limit: refused, but still with a status. */
    private static Message overTheLimit(Descriptor type) {
        return fill(type, f -> "x".repeat(70_000), Numbers.ONE, 1, 0);
    }

    /** A value a real client would send for a field of this name, so the call gets past the first checks. */
    private static String plausible(FieldDescriptor field) {
        String name = field.getName();
        if (name.contains("currency")) {
            return "EUR";
        }
        if (name.equals("product_id") || name.equals("id") || name.equals("product_ids")) {
            return "OLJCESPC7Z";
        }
        if (name.contains("email")) {
            return "someone@example.com";
        }
        if (name.equals("country")) {
            return "Canada";
        }
        if (name.contains("credit_card_number")) {
            return "4432-8015-6152-0454";
        }
        if (name.equals("name")) {
            // flag names: never one of the scenario flags, so nothing real is changed or deleted
            return "campaign-flag";
        }
        if (name.equals("user_id")) {
            return "campaign-user";
        }
        return "campaign";
    }

    private static int countStrings(Descriptor type, int depth) {
        int count = 0;
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
                count++;
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth < 3) {
                count += countStrings(field.getMessageType(), depth + 1);
            }
        }
        return count;
    }

    private static Message fill(
            Descriptor type, Function<FieldDescriptor, String> strings, Numbers number, int repeat, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= 3) {
                continue;
            }
            int times = field.isRepeated() ? repeat : 1;
            for (int i = 0; i < times; i++) {
                Object value = value(field, strings, number, repeat, depth);
                if (field.isRepeated()) {
                    builder.addRepeatedField(field, value);
                } else {
                    builder.setField(field, value);
                }
            }
        }
        return builder.build();
    }

    private static Object value(
            FieldDescriptor field, Function<FieldDescriptor, String> strings, Numbers number, int repeat, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> strings.apply(field);
            case INT -> number.anInt();
            case LONG -> number.aLong();
            case DOUBLE -> number.aDouble();
            case FLOAT -> (float) number.aDouble();
            case BOOLEAN -> number.anInt() != 0;
            case BYTE_STRING -> ByteString.copyFromUtf8(strings.apply(field));
            case ENUM -> field.getEnumType().getValues().get(0);
            case MESSAGE -> fill(field.getMessageType(), strings, number, Math.min(repeat, 10), depth + 1);
        };
    }
}
