package io.lumee.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN.md's rules for every record: documented fields, times as timestamp-millis, enums with a default. */
class AvroContractTest {

    static Stream<Schema> records() {
        return Stream.of(LumeeReading.SCHEMA$, DeviceRegistration.SCHEMA$, Rejection.SCHEMA$, AuditRecord.SCHEMA$);
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyFieldAndTypeIsDocumented(Schema record) {
        List<String> undocumented = new ArrayList<>();
        walk(record, schema -> {
            if (isNamed(schema) && blank(schema.getDoc())) {
                undocumented.add(schema.getFullName());
            }
            if (schema.getType() == Schema.Type.RECORD) {
                schema.getFields().stream().filter(f -> blank(f.doc()))
                        .forEach(f -> undocumented.add(schema.getName() + "." + f.name()));
            }
        });

        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyEnumHasADefaultSymbolSoNewSymbolsDoNotBreakOldReaders(Schema record) {
        walk(record, schema -> {
            if (schema.getType() == Schema.Type.ENUM) {
                assertThat(schema.getEnumDefault()).as(schema.getFullName()).isNotNull();
                assertThat(schema.getEnumSymbols().get(0)).as(schema.getFullName()).isEqualTo(schema.getEnumDefault());
            }
        });
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyTimeIsTimestampMillis(Schema record) {
        walk(record, schema -> {
            if (schema.getType() == Schema.Type.RECORD) {
                for (Schema.Field field : schema.getFields()) {
                    if (field.name().endsWith("At") || field.name().endsWith("Time")
                            || field.name().equals("at") || field.name().equals("from") || field.name().equals("to")) {
                        Schema time = nonNull(field.schema());
                        assertThat(time.getLogicalType()).as(schema.getName() + "." + field.name())
                                .isEqualTo(LogicalTypes.timestampMillis());
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyNullableFieldDefaultsToNullSoItCanBeAddedOrDropped(Schema record) {
        walk(record, schema -> {
            if (schema.getType() == Schema.Type.RECORD) {
                for (Schema.Field field : schema.getFields()) {
                    if (field.schema().isNullable()) {
                        assertThat(field.hasDefaultValue()).as(schema.getName() + "." + field.name()).isTrue();
                    }
                }
            }
        });
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static void walk(Schema schema, java.util.function.Consumer<Schema> visitor) {
        visitor.accept(schema);
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(f -> walk(f.schema(), visitor));
            case ARRAY -> walk(schema.getElementType(), visitor);
            case MAP -> walk(schema.getValueType(), visitor);
            case UNION -> schema.getTypes().forEach(s -> walk(s, visitor));
            default -> { }
        }
    }

    private static boolean isNamed(Schema schema) {
        return schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
