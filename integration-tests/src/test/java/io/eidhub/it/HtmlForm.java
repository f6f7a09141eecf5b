package io.eidhub.it;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An HTML form as found on a page: method, absolute action, the successful fields (hidden/text/password inputs,
 * checked checkboxes and radios, textareas, selects) and its submit buttons. Immutable: {@link #with} returns a copy.
 * Submit it with {@link Browser#submit(HtmlForm)}.
 */
public final class HtmlForm {

    /** A submit control: {@code <button type=submit name value>} or {@code <input type=submit|image>}. */
    public record Button(String name, String value, String label, String id) {
    }

    private final String id;
    private final String name;
    private final String method;
    private final URI action;
    private final Map<String, String> fields;
    private final List<Button> buttons;

    public HtmlForm(String id, String name, String method, URI action, Map<String, String> fields, List<Button> buttons) {
        this.id = id;
        this.name = name;
        this.method = method;
        this.action = action;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.buttons = List.copyOf(buttons);
    }

    /** The form's id attribute, or null. */
    public String id() {
        return id;
    }

    /** The form's name attribute, or null. */
    public String name() {
        return name;
    }

    /** "GET" or "POST" (upper case). */
    public String method() {
        return method;
    }

    /** Absolute action URL (already HTML-unescaped). */
    public URI action() {
        return action;
    }

    /** The fields that would be submitted (without any button), in document order. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The value of a field, or null. */
    public String field(String name) {
        return fields.get(name);
    }

    public List<Button> buttons() {
        return buttons;
    }

    /** The submit button with this name and value (e.g. {@code button("decision", "approve")}). */
    public Optional<Button> button(String name, String value) {
        return buttons.stream().filter(b -> name.equals(b.name()) && value.equals(b.value())).findFirst();
    }

    /** A copy with the field set (added or replaced). */
    public HtmlForm with(String field, String value) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put(field, value);
        return new HtmlForm(id, name, method, action, f, buttons);
    }

    /** A copy with all these fields set. */
    public HtmlForm with(Map<String, String> values) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.putAll(values);
        return new HtmlForm(id, name, method, action, f, buttons);
    }

    /** A copy without the field. */
    public HtmlForm without(String field) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.remove(field);
        return new HtmlForm(id, name, method, action, f, buttons);
    }

    /**
     * A copy as if this submit button were clicked: its name=value is added. Throws if the form has no such button
     * (guards against typos in tests).
     */
    public HtmlForm click(String buttonName, String buttonValue) {
        Button b = button(buttonName, buttonValue).orElseThrow(() -> new NoSuchElementException(
                "No submit button " + buttonName + "=" + buttonValue + " in " + this));
        return with(b.name(), b.value());
    }

    @Override
    public String toString() {
        return "HtmlForm[" + method + " " + action + (id != null ? " id=" + id : "") + " fields=" + fields
                + " buttons=" + buttons + "]";
    }
}
