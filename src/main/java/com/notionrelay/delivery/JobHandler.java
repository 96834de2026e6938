package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionException;

/** Performs one kind of delivery job in Notion. */
public interface JobHandler {

    /**
     * @param verifyFirst an earlier attempt may have taken effect: look for it and adopt it instead
     *                    of writing again
     * @return the id of the Notion object written (or found), recorded on the job
     */
    String perform(InteractionEvent event, boolean verifyFirst) throws NotionException;

    /** The operator's fix when this job's target answers 401/403/404. */
    String operatorHint();

    /**
     * A cheap read of the job's target, to learn whether a paused target works again (the operator
     * shared the database, say). Throws the same classified errors as {@link #perform}.
     */
    void probe(InteractionEvent event) throws NotionException;
}
