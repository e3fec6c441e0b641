/** An application on an embedded H2 database, traced while it runs under load. */
package com.acme.inventory;
