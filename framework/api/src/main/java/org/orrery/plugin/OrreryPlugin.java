package org.orrery.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The plugin's metadata as a DS component property type: {@code @OrreryPlugin(id = X.PLUGIN_ID,
 * name = "…", description = "…")} beside {@code @Component} writes the {@code orrery.id},
 * {@code orrery.name} and {@code orrery.description} service properties ({@link PluginProperties}),
 * so the id is stated once (as a constant that {@code id()} also returns) and never spelled as a
 * {@code "orrery.id=…"} string.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface OrreryPlugin {

    /** Property names are {@code orrery.} + the element name. */
    String PREFIX_ = "orrery.";

    /** {@code orrery.id}: what users type. */
    String id();

    /** {@code orrery.name}: a human-readable name (the id when empty). */
    String name() default "";

    /** {@code orrery.description}: one line. */
    String description() default "";
}
