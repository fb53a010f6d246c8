/// Opens the database the configuration names: PostgreSQL when `DB_DSN` is set, else the
/// SQLite file.
public enum DatabaseFactory {
    public static func open(_ storage: StorageConfiguration) throws -> any Database {
        switch storage {
        case .sqlite(let path): try SQLiteDatabase(path: path)
        case .postgres(let dsn): try PostgresDatabase(dsn: dsn)
        }
    }
}
