package dev.shadowtx.core.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Date;
import java.util.List;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Enough of MongoDB's wire protocol (OP_MSG, as spoken by a client with a declared server API)
 * for the driver to connect and send its commands: {@code hello} is answered as a primary, a
 * {@code find} or {@code aggregate} with an empty cursor, every other command
 * ({@code commitTransaction}, {@code abortTransaction} and {@code endSessions} included) with
 * {@code ok: 1}. Each command is reported by name. As the primary of a replica set it lets the
 * driver run multi-document transactions, so a test can see which of {@code commitTransaction}
 * and {@code abortTransaction} ends one. Needs {@code org.mongodb:bson} on the test class path.
 */
public final class FakeMongo {

    private static final int OP_MSG = 2013;

    private FakeMongo() {}

    /**
     * Speak OP_MSG to a MongoDB driver that declares a server API.
     * @return the protocol
     */
    public static RecordingSocket.Protocol protocol() {
        return protocol(null);
    }

    /**
     * Speak OP_MSG as the primary of a replica set, which supports transactions, to a MongoDB
     * driver that declares a server API and connects to this one server directly.
     * @param setName the name of the replica set
     * @return the protocol
     */
    public static RecordingSocket.Protocol replicaSetPrimary(String setName) {
        return protocol(setName);
    }

    private static RecordingSocket.Protocol protocol(@Nullable String setName) {
        return (in, out, commands) -> {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                byte[] header = data.readNBytes(16);
                if (header.length < 16) {
                    return;
                }
                ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                int length = head.getInt();
                int requestId = head.getInt();
                byte[] body = data.readNBytes(length - 16);
                ByteBuffer message = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                message.getInt(); // flag bits
                message.get(); // section kind 0: the command document
                int documentLength = message.getInt(message.position());
                byte[] document = new byte[documentLength];
                message.get(document);
                String command = new RawBsonDocument(document).getFirstKey();
                commands.add(command);
                reply(out, requestId, answer(command, new RawBsonDocument(document), setName));
            }
        };
    }

    private static Document answer(String command, RawBsonDocument request, @Nullable String setName) {
        if (command.equalsIgnoreCase("hello") || command.equalsIgnoreCase("isMaster")) {
            Document hello = new Document("helloOk", true);
            if (setName != null) {
                hello.append("setName", setName).append("setVersion", 1).append("secondary", false);
            }
            return hello.append("isWritablePrimary", true)
                    .append("ismaster", true)
                    .append("maxBsonObjectSize", 16 * 1024 * 1024)
                    .append("maxMessageSizeBytes", 48_000_000)
                    .append("maxWriteBatchSize", 100_000)
                    .append("localTime", new Date())
                    .append("logicalSessionTimeoutMinutes", 30)
                    .append("connectionId", 1)
                    .append("minWireVersion", 0)
                    .append("maxWireVersion", 21)
                    .append("readOnly", false)
                    .append("ok", 1.0);
        }
        if (command.equals("find") || command.equals("aggregate")) {
            String collection =
                    request.get(command).isString() ? request.getString(command).getValue() : "x";
            String database = request.getString("$db").getValue();
            return new Document(
                            "cursor",
                            new Document("firstBatch", List.of())
                                    .append("id", 0L)
                                    .append("ns", database + "." + collection))
                    .append("ok", 1.0);
        }
        return new Document("ok", 1.0).append("n", 1);
    }

    private static void reply(OutputStream out, int requestId, Document answer) throws IOException {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec()
                .encode(
                        new BsonBinaryWriter(buffer),
                        answer,
                        EncoderContext.builder().build());
        byte[] document = buffer.toByteArray();
        ByteBuffer message = ByteBuffer.allocate(16 + 4 + 1 + document.length).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(16 + 4 + 1 + document.length);
        message.putInt(requestId + 1_000_000);
        message.putInt(requestId);
        message.putInt(OP_MSG);
        message.putInt(0);
        message.put((byte) 0);
        message.put(document);
        out.write(message.array());
        out.flush();
    }
}
