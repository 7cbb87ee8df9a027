/** Web contributions: routes, navigation, dashboard widgets, settings pages and rendering. */
package dev.talon.api.web;
