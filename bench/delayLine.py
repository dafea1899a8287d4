#!/usr/bin/env python3
"""A packet delay line between two TUN devices: what netem would do, for a kernel built without netem.

Every IP packet read from one device is written to the other one `delay` milliseconds later (half the round trip
in each direction), in order. The bandwidth limit is not done here: the kernel's tbf on the sending device shapes
packets before this process sees them. The benchmark starts this process, creates the devices through it, moves one
of them into the server's network namespace and addresses both; the process exits when its stdin closes.

usage: delayLine.py <deviceA> <deviceB> <one-way delay in ms>
"""
import collections
import fcntl
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65536


def open_tun(name):
    fd = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    name_a, name_b, delay_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    delay = delay_ms / 1000.0
    a, b = open_tun(name_a), open_tun(name_b)
    peer = {a: b, b: a}
    # One FIFO per direction: a constant delay keeps packets in the order they arrived.
    pending = {a: collections.deque(), b: collections.deque()}
    print('ready', flush=True)
    stdin = sys.stdin.fileno()
    dropped = 0
    while True:
        now = time.monotonic()
        for src in (a, b):
            queue = pending[src]
            while queue and queue[0][0] <= now:
                _, packet = queue.popleft()
                try:
                    os.write(peer[src], packet)
                except OSError:
                    dropped += 1  # the receiving device is down or its queue is full: the packet is lost
        due = [pending[src][0][0] for src in (a, b) if pending[src]]
        timeout = max(0.0, min(due) - time.monotonic()) if due else 1.0
        readable, _, _ = select.select([a, b, stdin], [], [], timeout)
        if stdin in readable and not os.read(stdin, 4096):
            return
        arrived = time.monotonic() + delay
        for src in readable:
            if src == stdin:
                continue
            while True:
                try:
                    packet = os.read(src, MAX_PACKET)
                except BlockingIOError:
                    break
                pending[src].append((arrived, packet))


if __name__ == '__main__':
    main()
