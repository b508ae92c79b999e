/// The catalog XSD, compiled into the binary so validation never depends on the working
/// directory. `Catalogs/schema/catalog.xsd` is the same text (a test keeps them identical).
public enum CatalogSchema {
    public static let namespace = "urn:totsugo:catalog:1"
    public static let xsd = #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- totsugo catalog schema, version 1. Documented in docs/catalog-xml.md. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:c="urn:totsugo:catalog:1"
           targetNamespace="urn:totsugo:catalog:1"
           elementFormDefault="qualified">

  <xs:simpleType name="nonEmpty">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
      <xs:pattern value=".*\S.*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="headingSource">
    <xs:restriction base="xs:token">
      <xs:enumeration value="quoted"/>
      <xs:enumeration value="paraphrased"/>
      <xs:enumeration value="topic"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="extent">
    <xs:restriction base="xs:token">
      <xs:enumeration value="complete"/>
      <xs:enumeration value="partial"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:element name="catalog">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="title" type="c:nonEmpty"/>
        <xs:element name="short-title" type="c:nonEmpty"/>
        <xs:element name="publisher" type="c:nonEmpty"/>
        <xs:element name="version" type="c:nonEmpty"/>
        <xs:element name="date" type="c:nonEmpty" minOccurs="0"/>
        <xs:element name="levels" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="level" type="c:nonEmpty" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <!-- level-names: the catalog's own implementation levels in order (e.g. ★3, ★4);
             absent: LV1, LV2, LV3. Items' level attributes use these names. -->
        <xs:element name="level-names" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="level-name" type="c:nonEmpty" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <!-- extent: complete (default) or partial; total-items: the whole guideline's number
             of items, only with extent="partial" (at least the items held; checked on reading) -->
        <xs:element name="completeness">
          <xs:complexType>
            <xs:simpleContent>
              <xs:extension base="c:nonEmpty">
                <xs:attribute name="extent" type="c:extent"/>
                <xs:attribute name="total-items" type="xs:positiveInteger"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
        </xs:element>
        <xs:element name="provenance" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="source" type="c:nonEmpty" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:simpleContent>
              <xs:extension base="c:nonEmpty">
                <xs:attribute name="name" type="c:nonEmpty" use="required"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
        </xs:element>
        <xs:element ref="c:item" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="c:nonEmpty" use="required"/>
    </xs:complexType>
  </xs:element>

  <xs:element name="item">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="heading" type="xs:string"/>
        <xs:element name="text" type="xs:string" minOccurs="0"/>
        <xs:element name="note" type="xs:string" minOccurs="0"/>
        <!-- the item's own body from a regulation document the user imported (docs/catalog-xml.md) -->
        <xs:element name="provisions" minOccurs="0">
          <xs:complexType>
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <!-- a paragraph: kind body (default), bullet (mark: its bullet) or numbered
                   (mark: its number as shown); depth: the list level, 0 outermost -->
              <xs:element name="p">
                <xs:complexType>
                  <xs:simpleContent>
                    <xs:extension base="xs:string">
                      <xs:attribute name="kind" default="body">
                        <xs:simpleType>
                          <xs:restriction base="xs:string">
                            <xs:enumeration value="body"/>
                            <xs:enumeration value="bullet"/>
                            <xs:enumeration value="numbered"/>
                          </xs:restriction>
                        </xs:simpleType>
                      </xs:attribute>
                      <xs:attribute name="mark" type="xs:string"/>
                      <xs:attribute name="depth" type="xs:nonNegativeInteger" default="0"/>
                    </xs:extension>
                  </xs:simpleContent>
                </xs:complexType>
              </xs:element>
              <!-- a table: rows of cells; header-rows: how many leading rows are headers -->
              <xs:element name="table">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="row" minOccurs="0" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:sequence>
                          <xs:element name="cell" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
                        </xs:sequence>
                      </xs:complexType>
                    </xs:element>
                  </xs:sequence>
                  <xs:attribute name="header-rows" type="xs:nonNegativeInteger" default="0"/>
                </xs:complexType>
              </xs:element>
            </xs:choice>
          </xs:complexType>
        </xs:element>
        <xs:element ref="c:item" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="c:nonEmpty"/>
      <xs:attribute name="number" type="xs:string"/>
      <xs:attribute name="heading-source" type="c:headingSource" default="quoted"/>
      <!-- space-separated: "LV1", or "LV1 LV2" when sources disagree -->
      <xs:attribute name="level" type="xs:string"/>
      <!-- space-separated tags, e.g. "management technical minimum" -->
      <xs:attribute name="tags" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""#
}
