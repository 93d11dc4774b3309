// Extensions and APS application packages on Plesk servers, through Plesk's XML API.
package plesk
