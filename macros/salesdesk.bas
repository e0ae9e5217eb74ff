Attribute VB_Name = "Salesdesk"
' salesdesk: the ribbon callback and the annotation applier for live Excel.
' `salesdesk addin build` puts it into salesdesk.xlam with xlwings' own module
' and the ribbon generated from addin/excel/ribbon.py (macros/ribbon.xml).
' All logic lives in Python; this module only forwards and applies.
' ASCII only: the VBA project's code page is not the rep's (texts live in Python).
Option Explicit

Private Const MARKER As String = "salesdesk:"

' Every ribbon button: its tag names the Python command (addin.excel.ribbon.BUTTONS).
Public Sub SalesdeskButton(control As IRibbonControl)
    RunPython "import addin.excel.ribbon as r; r.run('" & control.Tag & "')"
End Sub

' Called once per run by addin/excel/live_book.py with every note and highlight.
' payload: one operation per line, fields separated by tabs:
'   clear <TAB> sheet
'   note  <TAB> sheet <TAB> A1 <TAB> text ("\n" for a line break)
'   mark  <TAB> sheet <TAB> A1,B7,... <TAB> error|warning
Public Function SalesdeskApply(bookName As String, payload As String) As Long
    Dim lines() As String, fields() As String, i As Long, ws As Worksheet, target As Range
    On Error GoTo Done
    Application.ScreenUpdating = False
    lines = Split(payload, vbLf)
    For i = LBound(lines) To UBound(lines)
        If Len(lines(i)) > 0 Then
            fields = Split(lines(i), vbTab)
            Set ws = Workbooks(bookName).Worksheets(fields(1))
            Select Case fields(0)
                Case "clear"
                    ClearAnnotations ws
                Case "note"
                    Set target = ws.Range(fields(2))
                    ' A note the user wrote (or a threaded comment) is never replaced.
                    If target.Comment Is Nothing Then
                        target.AddComment Replace(fields(3), "\n", vbLf)
                        target.Comment.Shape.Width = 220
                        target.Comment.Shape.Height = 80
                    End If
                Case "mark"
                    MarkCells ws, fields(2), fields(3)
            End Select
            SalesdeskApply = SalesdeskApply + 1
        End If
    Next i
Done:
    Application.ScreenUpdating = True
    If Err.Number <> 0 Then Err.Raise Err.Number, "SalesdeskApply", Err.Description
End Function

' Backwards: deleting while walking a collection forwards skips items.
Private Sub ClearAnnotations(ws As Worksheet)
    Dim i As Long, formula As String
    For i = ws.Comments.Count To 1 Step -1
        If Left$(ws.Comments(i).Text, Len(MARKER)) = MARKER Then ws.Comments(i).Delete
    Next i
    For i = ws.Cells.FormatConditions.Count To 1 Step -1
        formula = ""
        On Error Resume Next ' data bars and colour scales have no Formula1
        formula = ws.Cells.FormatConditions(i).Formula1
        On Error GoTo 0
        If InStr(1, formula, "salesdesk-", vbTextCompare) > 0 Then ws.Cells.FormatConditions(i).Delete
    Next i
End Sub

' Same marker formula as the file adapter (addin/io/ooxml/highlights.py).
Private Sub MarkCells(ws As Worksheet, cells As String, severity As String)
    Dim refs() As String, i As Long, area As Range, fc As FormatCondition
    refs = Split(cells, ",")
    For i = LBound(refs) To UBound(refs)
        If area Is Nothing Then
            Set area = ws.Range(refs(i))
        Else
            Set area = Union(area, ws.Range(refs(i)))
        End If
    Next i
    If area Is Nothing Then Exit Sub
    Set fc = area.FormatConditions.Add(Type:=xlExpression, Formula1:="=ISTEXT(""salesdesk-" & severity & """)")
    If severity = "error" Then fc.Interior.Color = RGB(255, 199, 206) Else fc.Interior.Color = RGB(255, 235, 156)
End Sub
