package io.nanotick.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * The simplest possible matching model, for property tests: a flat list of
 * resting orders, best price then earliest time found by scanning.  No
 * levels, no free lists, no maps.  Writes the same event strings as
 * {@link Recorder} so the two streams can be compared.
 */
final class ReferenceBook {
    static final class O {
        long ref;
        int owner;
        long tag;
        int book;
        byte side;
        long price;
        int leaves;
        long time;
    }

    final List<O> resting = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final int smp;
    long clock;
    long nextRef = 1;
    long nextMatch = 1;

    ReferenceBook(int smp) {
        this.smp = smp;
    }

    O find(long ref) {
        for (O o : resting) {
            if (o.ref == ref) {
                return o;
            }
        }
        return null;
    }

    O best(int book, byte side) {
        O b = null;
        for (O o : resting) {
            if (o.book != book || o.side != side) {
                continue;
            }
            if (b == null || (side == 'B' ? o.price > b.price : o.price < b.price)
                    || (o.price == b.price && o.time < b.time)) {
                b = o;
            }
        }
        return b;
    }

    long enter(int owner, long tag, int book, byte side, long price, int qty, byte tif) {
        long ref = nextRef++;
        events.add("ENTER " + ref + " " + book + " " + (char) side + " " + price + " " + qty + " " + owner + " " + tag);
        run(ref, owner, tag, book, side, price, qty, tif);
        return ref;
    }

    void run(long ref, int owner, long tag, int book, byte side, long price, int qty, byte tif) {
        int leaves = qty;
        byte contra = side == 'B' ? (byte) 'S' : (byte) 'B';
        while (leaves > 0) {
            O r = best(book, contra);
            if (r == null || (side == 'B' ? r.price > price : r.price < price)) {
                break;
            }
            if (smp != 0 && owner != 0 && r.owner == owner) {
                if (smp == 2) {
                    events.add("CANCEL " + ref + " " + leaves + " 0 Q false");
                    return;
                }
                resting.remove(r);
                events.add("CANCEL " + r.ref + " " + r.leaves + " 0 Q true");
                continue;
            }
            int fill = Math.min(leaves, r.leaves);
            leaves -= fill;
            r.leaves -= fill;
            if (r.leaves == 0) {
                resting.remove(r);
            }
            events.add("EXEC " + book + " " + r.price + " " + fill + " " + (nextMatch++) + " " + r.ref + " "
                    + r.leaves + " " + ref + " " + leaves);
        }
        if (leaves == 0) {
            return;
        }
        if (tif == 1) {
            events.add("CANCEL " + ref + " " + leaves + " 0 I false");
            return;
        }
        O o = new O();
        o.ref = ref;
        o.owner = owner;
        o.tag = tag;
        o.book = book;
        o.side = side;
        o.price = price;
        o.leaves = leaves;
        o.time = clock++;
        resting.add(o);
        events.add("ADD " + ref + " " + book + " " + (char) side + " " + price + " " + leaves);
    }

    void cancel(long ref, int newSize) {
        O o = find(ref);
        if (o == null || newSize >= o.leaves) {
            return;
        }
        int dec = o.leaves - newSize;
        o.leaves = newSize;
        if (newSize == 0) {
            resting.remove(o);
        }
        events.add("CANCEL " + ref + " " + dec + " " + newSize + " U true");
    }

    long replace(long ref, long newTag, long price, int qty, byte tif) {
        O o = find(ref);
        if (o == null) {
            return -1;
        }
        if (price == o.price && qty <= o.leaves && tif == 0) {
            events.add("REPLACE " + ref + " " + ref + " " + price + " " + qty + " " + o.leaves + " true");
            o.leaves = qty;
            o.tag = newTag;
            return ref;
        }
        resting.remove(o);
        long nr = nextRef++;
        events.add("REPLACE " + ref + " " + nr + " " + price + " " + qty + " " + o.leaves + " false");
        run(nr, o.owner, newTag, o.book, o.side, price, qty, tif);
        return nr;
    }
}
