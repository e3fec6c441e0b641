package com.acme.documents;

/** Indexes documents: a method whose arguments are long strings, as a service that takes request bodies has. */
public final class Indexer {

    /**
     * Returns how many characters a document adds to the index.
     *
     * @param body the document's text
     * @param title its title
     * @param tags its tags
     * @return the characters indexed
     */
    public int index(String body, String title, String tags) {
        return body.length() + title.length() + tags.length();
    }
}
