package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTests {

    @ParameterizedTest(name = "[{index}] {0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
			10.0.0.0/8        | 10.0.0.0          | true
			10.0.0.0/8        | 10.255.255.255    | true
			10.0.0.0/8        | 11.0.0.0          | false
			10.0.0.0/8        | 9.255.255.255     | false
			192.168.1.0/24    | 192.168.1.255     | true
			192.168.1.0/24    | 192.168.2.0       | false
			192.168.1.7/24    | 192.168.1.200     | true
			10.1.2.3          | 10.1.2.3          | true
			10.1.2.3          | 10.1.2.4          | false
			10.1.2.3/32       | 10.1.2.3          | true
			0.0.0.0/0         | 203.0.113.9       | true
			0.0.0.0/0         | ::1               | false
			127.0.0.0/8       | ::ffff:127.0.0.1  | true
			::1/128           | ::1               | true
			::1               | 0:0:0:0:0:0:0:1   | true
			::1/128           | ::2               | false
			fd00::/8          | fd12:3456::1      | true
			fd00::/8          | fe80::1           | false
			2001:db8::/32     | 2001:db8:ffff::1  | true
			2001:db8::/32     | 2001:db9::1       | false
			::/0              | 2001:db8::1       | true
			::/0              | 10.0.0.1          | false
			fe80::/10         | fe80::1%eth0      | true
			fe80::/10         | [fe80::1]         | true
			10.0.0.0/8        | localhost         | false
			10.0.0.0/8        | 10.0.0            | false
			10.0.0.0/8        | 10.0.0.256        | false
			10.0.0.0/8        | ''                | false
			""")
    void matchesAddresses(String range, String address, boolean expected) {
        assertThat(Cidr.parse(range).contains(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/abc",
                "example.com/8",
                "localhost",
                "10.0.0",
                "256.0.0.1",
                "",
                "10.0.0.0/8/8",
                "1.2.3.4.5",
                "gg::1"
            })
    void refusesInvalidRanges(String range) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(range)).withMessageContaining("'" + range);
    }
}
