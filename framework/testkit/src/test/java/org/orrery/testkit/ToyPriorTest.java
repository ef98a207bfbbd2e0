package org.orrery.testkit;

import org.orrery.prior.Prior;

/** A correct prior passes every check of the prior contract. */
class ToyPriorTest extends PriorContract {
    @Override
    protected Prior prior() {
        return Toy.PRIOR;
    }
}
