#!/usr/bin/env python3
"""A packet delay line between two TUN devices: what netem would do, for a kernel built without netem.

Every IP packet read from one device is written to the other one `delay` milliseconds later (half the round trip
in each direction). Optionally, as Wi-Fi and hotel links do, a random share of packets is lost (in both directions,
each packet on its own), and a random share is held back a little longer so that the packets behind it overtake it
(reordering, as netem's `reorder` does). The bandwidth limit is not done here: the kernel's tbf on the sending device shapes
packets before this process sees them. The benchmark starts this process, creates the devices through it, moves one
of them into the server's network namespace and addresses both; the process exits when its stdin closes.

usage: delayLine.py <deviceA> <deviceB> <one-way delay in ms> [<loss fraction> [<reorder fraction>]]
"""
import fcntl
import heapq
import os
import random
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65536
# How much longer a reordered packet waits: at 100 Mbit/s about eight full-size packets pass it.
REORDER_EXTRA = 0.001


def open_tun(name):
    fd = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    name_a, name_b, delay_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    loss = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    reorder = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    delay = delay_ms / 1000.0
    a, b = open_tun(name_a), open_tun(name_b)
    peer = {a: b, b: a}
    # One queue per direction, ordered by the time each packet is due (then by arrival), so a constant delay keeps
    # packets in order and only a reordered packet, due later, is overtaken.
    pending = {a: [], b: []}
    arrivals = 0
    print('ready', flush=True)
    stdin = sys.stdin.fileno()
    dropped = 0
    while True:
        now = time.monotonic()
        for src in (a, b):
            queue = pending[src]
            while queue and queue[0][0] <= now:
                _, _, packet = heapq.heappop(queue)
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
                if loss and random.random() < loss:
                    continue
                extra = REORDER_EXTRA if reorder and random.random() < reorder else 0.0
                arrivals += 1
                heapq.heappush(pending[src], (arrived + extra, arrivals, packet))


if __name__ == '__main__':
    main()
