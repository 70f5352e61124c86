package dev.shadowtx.core.marker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8},
 * {@code 127.0.0.1} for a single address). Only literal addresses are accepted, so parsing never
 * performs a DNS lookup. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) match IPv4 ranges.
 */
public final class Cidr {

    private final byte[] network;

    private final int prefixLength;

    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parse a range.
     * @param value the range, for example {@code 10.0.0.0/8} or {@code ::1/128}
     * @return the range
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static Cidr parse(String value) {
        String text = value.strip();
        int slash = text.indexOf('/');
        String addressPart = (slash >= 0) ? text.substring(0, slash) : text;
        byte[] address = parseAddress(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("'" + value + "' is not a literal IPv4 or IPv6 address or CIDR range");
        }
        int maxPrefix = address.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String prefixPart = text.substring(slash + 1);
            if (prefixPart.isEmpty()
                    || prefixPart.length() > 3
                    || !prefixPart.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + value + "' has an invalid prefix length");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > maxPrefix) {
                throw new IllegalArgumentException(
                        "'" + value + "' has a prefix length above " + maxPrefix + " for its address family");
            }
        }
        return new Cidr(mask(address, prefix), prefix, text);
    }

    /**
     * Whether an address falls in this range.
     * @param address a literal IP address; anything else never matches
     * @return {@code true} when inside the range
     */
    public boolean contains(@Nullable String address) {
        if (address == null) {
            return false;
        }
        byte[] candidate = parseAddress(address.strip());
        if (candidate == null) {
            return false;
        }
        candidate = unmapIpv4(candidate);
        if (candidate.length != this.network.length) {
            return false;
        }
        byte[] masked = mask(candidate, this.prefixLength);
        return java.util.Arrays.equals(masked, this.network);
    }

    @Override
    public String toString() {
        return this.text;
    }

    private static byte[] unmapIpv4(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] = (byte) (result[i] & (0xff << (8 - bits)));
        }
        return result;
    }

    /**
     * Parse a literal address without ever resolving a name.
     * @return the address bytes, or {@code null} when the value is not a literal address
     */
    static byte @Nullable [] parseAddress(String value) {
        String candidate = value;
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        int zone = candidate.indexOf('%');
        if (zone >= 0) {
            candidate = candidate.substring(0, zone);
        }
        if (candidate.isEmpty() || candidate.length() > 45) {
            return null;
        }
        boolean ipv6 = candidate.indexOf(':') >= 0;
        if (ipv6 ? !isIpv6Literal(candidate) : !isIpv4Literal(candidate)) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate).getAddress();
        } catch (UnknownHostException ex) {
            return null;
        }
    }

    private static boolean isIpv4Literal(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
