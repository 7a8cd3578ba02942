package dev.sluice.cdk.storage;

import dev.sluice.cdk.config.Removal;
import dev.sluice.config.Settings;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * Every table in {@link Tables#ALL}, created from the shared specs. Physical names are generated
 * by CloudFormation (two installations can share an account) and reach the code through
 * {@code SLUICE_TABLE_<ID>} environment variables ({@link #environment()}).
 */
public final class SluiceTables extends Construct {

    private final Map<String, Table> byId = new LinkedHashMap<>();

    public SluiceTables(Construct scope, String id, Removal removal) {
        this(scope, id, Tables.ALL, removal);
    }

    SluiceTables(Construct scope, String id, List<TableSpec> specs, Removal removal) {
        super(scope, id);
        for (TableSpec spec : specs) {
            byId.put(spec.id(), TableFactory.create(this, spec, removal));
        }
    }

    public ITable table(TableSpec spec) {
        Table table = byId.get(spec.id());
        if (table == null) {
            throw new IllegalArgumentException("no table \"" + spec.id() + "\": is it in dev.sluice.dynamo.Tables.ALL?");
        }
        return table;
    }

    public List<TableSpec> specs() {
        return Tables.ALL.stream().filter(spec -> byId.containsKey(spec.id())).toList();
    }

    /** {@code SLUICE_TABLE_<ID>} → physical table name, for every table. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (TableSpec spec : specs()) {
            Settings.table(spec).put(env, byId.get(spec.id()).getTableName());
        }
        return env;
    }

    /**
     * Grants each table its declared access; tables not in the map get nothing. Grants follow
     * {@link Tables#ALL}'s order whatever the map's, so policies synthesize identically every time
     * (a reordered policy document would be a needless IAM update on every deployment).
     */
    public void grant(IGrantable grantee, Map<TableSpec, TableAccess> access) {
        for (TableSpec spec : specs()) {
            TableAccess level = access.get(spec);
            if (level == null) {
                continue;
            }
            ITable table = table(spec);
            switch (level) {
                case READ -> table.grantReadData(grantee);
                case READ_UPDATE -> {
                    table.grantReadData(grantee);
                    table.grant(grantee, "dynamodb:UpdateItem");
                }
                case READ_WRITE -> table.grantReadWriteData(grantee);
            }
        }
        access.keySet().forEach(this::table); // an unknown table is a mistake, not a silent no-op
    }
}
