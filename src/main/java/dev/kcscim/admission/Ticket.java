package dev.kcscim.admission;

/** An admitted request's hold on its slots; closing it charges its processor time and gives the slots back. */
public interface Ticket extends AutoCloseable {

    /** A ticket for work that is admitted already, such as a /Bulk operation inside its admitted request. */
    Ticket NONE = new Ticket() {
        @Override
        public void charge(int units) {
        }

        @Override
        public void pace() {
        }

        @Override
        public boolean paced() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** Counts {@code units} more against the rates: a /Bulk pays for each of its operations. */
    void charge(int units);

    /**
     * Between the operations of a long request (a /Bulk): charges the processor time used so far, and waits while
     * the node's processor budget is in debt, so that a /Bulk of 1,000 creates runs at the budget's pace rather
     * than taking a processor for minutes.
     */
    void pace();

    /** Whether {@link #pace()} keeps to a budget: the node bounds SCIM's processor time. */
    boolean paced();

    @Override
    void close();
}
