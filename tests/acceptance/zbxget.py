#!/usr/bin/env python3
"""A minimal zabbix_get for passive checks of a Zabbix 6.0 agent, because
Debian 12 ships zabbix_get only with the server and proxy packages.

  zbxget.py HOST PORT KEY

The request and the reply are "ZBXD", a flags byte (0x01 protocol, 0x04
large lengths), the data length and a reserved field (4 + 4 bytes little
endian, or 8 + 8 with the large flag), then the data. A reply of
"ZBX_NOTSUPPORTED\\0reason" is printed as "ZBX_NOTSUPPORTED: reason".
"""

import socket
import struct
import sys


def main():
    host, port, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    payload = key.encode("utf-8")
    with socket.create_connection((host, port), timeout=30) as connection:
        connection.sendall(b"ZBXD\x01" + struct.pack("<II", len(payload), 0) + payload)
        reply = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
    if reply[:4] != b"ZBXD":
        sys.exit("zbxget.py: not a Zabbix reply: %r" % reply[:32])
    if reply[4] & 0x04:
        length, header = struct.unpack("<Q", reply[5:13])[0], 21
    else:
        length, header = struct.unpack("<I", reply[5:9])[0], 13
    body = reply[header:header + length].decode("utf-8", "backslashreplace")
    sys.stdout.write(body.replace("ZBX_NOTSUPPORTED\0", "ZBX_NOTSUPPORTED: "))


if __name__ == "__main__":
    main()
