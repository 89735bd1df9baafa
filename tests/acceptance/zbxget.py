#!/usr/bin/env python3
"""A minimal zabbix_get for passive checks of a Zabbix 6.0 agent, because
Debian 12 ships zabbix_get only with the server and proxy packages.

  zbxget.py HOST PORT KEY           prints the value of KEY
  zbxget.py HOST PORT --batch DIR   reads lines of "NAME KEY" from stdin and
                                    writes the value of each KEY to DIR/NAME,
                                    one query after the other

The batch mode saves a Python start per query. The request and the reply
are "ZBXD", a flags byte (0x01 protocol, 0x04 large lengths), the data
length and a reserved field (4 + 4 bytes little endian, or 8 + 8 with the
large flag), then the data. A reply of "ZBX_NOTSUPPORTED\\0reason" comes
out as "ZBX_NOTSUPPORTED: reason".
"""

import os
import socket
import struct
import sys


def query(host, port, key):
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
        sys.exit("zbxget.py: not a Zabbix reply to %s: %r" % (key, reply[:32]))
    if reply[4] & 0x04:
        length, header = struct.unpack("<Q", reply[5:13])[0], 21
    else:
        length, header = struct.unpack("<I", reply[5:9])[0], 13
    body = reply[header:header + length].decode("utf-8", "backslashreplace")
    return body.replace("ZBX_NOTSUPPORTED\0", "ZBX_NOTSUPPORTED: ")


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    if sys.argv[3] != "--batch":
        sys.stdout.write(query(host, port, sys.argv[3]))
        return
    directory = sys.argv[4]
    for line in sys.stdin:
        name, _, key = line.rstrip("\n").partition(" ")
        if not name or not key:
            continue
        with open(os.path.join(directory, name), "w", encoding="utf-8") as value_file:
            value_file.write(query(host, port, key))


if __name__ == "__main__":
    main()
