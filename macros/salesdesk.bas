Attribute VB_Name = "Salesdesk"
' salesdesk: the ribbon callback and the annotation applier for live Excel.
' Import into the add-in (salesdesk.xlam) together with xlwings' own module;
' the ribbon itself is macros/ribbon.xml (generated from addin/excel/ribbon.py).
' All logic lives in Python; this module only forwards and applies.
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
    Application.ScreenUpdating = True
End Function

Private Sub ClearAnnotations(ws As Worksheet)
    Dim i As Long, cmt As Comment
    For Each cmt In ws.Comments
        If Left$(cmt.Text, Len(MARKER)) = MARKER Then cmt.Delete
    Next cmt
    For i = ws.Cells.FormatConditions.Count To 1 Step -1
        If InStr(1, ws.Cells.FormatConditions(i).Formula1, "salesdesk-", vbTextCompare) > 0 Then ws.Cells.FormatConditions(i).Delete
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
