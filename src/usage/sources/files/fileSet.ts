import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../sqlText.js';
import type { FilesOptions } from './optionsSchema.js';

export type FileType = 'parquet' | 'csv';

/** The files a `path` matches, their kind, and how messages name them. */
export interface FileSet {
  files: string[];
  type: FileType;
  /** `usage/events.parquet`, or `usage/*.parquet (3 files)`. */
  where: string;
}

const EXTENSIONS: [RegExp, FileType][] = [
  [/\.parquet$/i, 'parquet'],
  [/\.csv(\.gz|\.zst)?$/i, 'csv'],
];

/** Lists the files; returns the problem when none match or their kind cannot be told. */
export async function findFiles(db: DuckDBConnection, options: FilesOptions, baseDir: string): Promise<FileSet | string> {
  const pattern = resolve(baseDir, options.path);
  const listed = await db.runAndReadAll(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
  const files = listed.getColumns()[0]?.map(String) ?? [];
  if (files.length === 0) return `no file matches ${pattern} (path: ${options.path}, read from ${baseDir}); check the path, relative to the config file's folder`;
  const where = files.length === 1 ? options.path : `${options.path} (${files.length} files)`;
  if (options.fileType) return { files, type: options.fileType, where };
  const types = new Set(files.map((f) => EXTENSIONS.find(([pattern]) => pattern.test(f))?.[1]));
  if (types.has(undefined)) {
    const odd = files.find((f) => !EXTENSIONS.some(([p]) => p.test(f)));
    return `cannot tell whether ${odd} is Parquet or CSV from its extension (.parquet, .csv, .csv.gz); set fileType: parquet or fileType: csv`;
  }
  if (types.size > 1) return `${options.path} matches both Parquet and CSV files; narrow the path to one kind, or set fileType`;
  return { files, type: [...types][0]!, where };
}

/**
 * The rows of the files as one relation. Files are united by column name, so files written
 * before a column was added still read. In CSV, `textColumns` are read as text: sniffing would
 * make `00123` the number 123.
 */
export function filesRelation(set: FileSet, textColumns: readonly string[] = []): string {
  const list = `[${set.files.map(literal).join(', ')}]`;
  if (set.type === 'parquet') return `SELECT * FROM read_parquet(${list}, union_by_name = true)`;
  const types = textColumns.length ? `, types = {${textColumns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}}` : '';
  return `SELECT * FROM read_csv(${list}, union_by_name = true${types})`;
}

export function describeFileType(set: FileSet): string {
  const noun = set.type === 'parquet' ? 'Parquet file' : 'CSV file';
  return `${set.files.length} ${noun}${set.files.length === 1 ? '' : 's'}`;
}
