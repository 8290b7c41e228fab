"""Excel import and export that every module shares: one layout, one all-or-nothing import.

The workbook layout
-------------------
- One data sheet per kind of record, named by a short key ("stakeholders", "voc").
- Row 1 holds the column names in the reader's language (required ones marked *);
  row 2, hidden, holds the column keys the importer reads; data starts on row 3.
  Columns are found by key, so their order does not matter and columns the
  importer does not know (an export's computed columns) are ignored.
- A choice is written "code – label", as the drop-down lists offer it; the
  importer also takes the bare code, or the label in Thai or English.
- Dates are day/month/year in the Buddhist Era (21/11/2569), or real Excel dates.
- A template starts with an "instructions" sheet and keeps its drop-down lists
  on a hidden "lists" sheet.

The import
----------
Upload -> every cell checked -> a preview that lists every problem as (sheet,
row, column, message) -> a clean file is kept as an evidence file -> confirming
reads the kept file again, validates it again and saves it all in one
transaction. The API does the check and the save in one call, with ?dry_run.

The modules
-----------
- cells: one cell, typed -> stored (choices, yes/no, numbers, BE dates), CellProblem.
- sheets: layout and limits, Column/Kind/SheetSpec, Lookups, reading an upload
  (SheetReader), the WorkbookParser base and the ImportPlan base.
- writing: headers, drop-down lists, the instructions sheet, build_template,
  export_cell, xlsx_response.
- imports: Importer (what an app plugs in) and the flow: preview_import,
  confirm_import, import_workbook.
- views: upload_page and confirm_page for an app's ImportPages; the template
  "spreadsheets/import_preview.html" is the preview.
- api: WorkbookImportViewSet, import_schema, the report serializers, XlsxRenderer.

How an app plugs in
-------------------
1. Columns: a list of Column(key, kind, ...) per sheet, and a SheetSpec per sheet.
   Kinds the app needs beyond Kind are a StrEnum of its own.
2. Reading: an ImportPlan subclass (its row lists, named in PARTS) and a
   WorkbookParser subclass that reads each sheet with SheetReader, turns rows
   into unsaved instances (row_values, model_valid) and converts its own kinds
   in convert_own; a parse(data, *, organization) function runs it inside
   sheets.opened_workbook.
3. Saving: save(plan, *, by), atomic, through the app's services.
4. imports.Importer(parse, save, record, title, description).
5. Pages: ImportPages and two view functions, each with its own org_view, that
   call views.upload_page and views.confirm_page; a preview template that
   extends "spreadsheets/import_preview.html".
6. API: a WorkbookImportViewSet subclass with the importer, documented with
   extend_schema_view(create=import_schema(...)) and a report serializer named
   after the app. stakeholders/ is the worked example.
"""
